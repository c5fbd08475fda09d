import { capToday, channelCapUse, cleanDaysInRow, dayKey, isWithinWindow, setEmergencyStop } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { err, ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { API_ERRORS, errors, emergencyStopResponse, statusResponse } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { reply, traceFor } from '../reply.js';
import { refusal } from '../require-permission.js';

const minutes = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The emergency stop, and the operating status the review page shows. */
export const controlRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps, config } = services;

  api.get('/api/controls/emergency-stop', { config: { permission: 'read' }, schema: { operationId: 'getEmergencyStop', summary: 'The emergency stop', tags: ['controls'], description: 'The emergency stop: engaged, by whom, why, when', response: { 200: emergencyStopResponse, ...errors(...API_ERRORS) } } }, async (_request, response) =>
    reply(response, await deps.store.getControls(), (c) => ({ emergency_stop: c.emergencyStop, mode: c.mode })),
  );

  api.post(
    '/api/controls/emergency-stop',
    {
      config: { permission: 'engageStop' },
      schema: {
        operationId: 'setEmergencyStop',
        summary: 'Engage or release the emergency stop',
        tags: ['controls'],
        description: 'Engage (operator) or release (admin) the emergency stop; a reason is required either way',
        response: { 200: emergencyStopResponse, ...errors(400, 403, 409, ...API_ERRORS) },
        body: z.object({ engaged: z.boolean(), reason: z.string().max(500) }).strict(),
      },
    },
    async (request, response) => {
      // Engaging is the operator's; releasing is the admin's alone.
      const denied = request.body.engaged ? null : refusal(request, 'releaseStop');
      if (denied) return reply(response, err(denied));
      return reply(response, await setEmergencyStop(deps, { engaged: request.body.engaged, reason: request.body.reason, trace: traceFor(request) }), (c) => ({
        emergency_stop: c.emergencyStop,
      }));
    },
  );

  api.get('/api/status', { config: { permission: 'read' }, schema: { operationId: 'getStatus', summary: 'Operating status', tags: ['controls'], description: 'Send mode, mode, send window and today\'s cap usage, rejection tags', response: { 200: statusResponse, ...errors(...API_ERRORS) } } }, async (_request, response) => {
    const now = deps.clock.now();
    const today = dayKey(now, deps.policy.timeZone);
    const result = await ResultAsync.combine([deps.store.getControls(), deps.store.countDaySends(today), deps.store.listDayRecords(60), deps.store.countDayChannelSends(today)] as const);
    return reply(response, result, ([controls, used, records, byChannel]) => {
      const cap = capToday(deps.policy, cleanDaysInRow(records, today));
      return {
      send_mode: config.sendMode,
      mode: controls.mode,
      emergency_stop: controls.emergencyStop,
      send_window: {
        timezone: deps.policy.timeZone,
        start: minutes(deps.policy.window.start),
        end: minutes(deps.policy.window.end),
        open_now: isWithinWindow(now, deps.policy.window, deps.policy.timeZone),
        override: controls.sendWindowOverride,
      },
      daily_cap: {
        day: today,
        used,
        limit: cap.cap,
        clean_days_in_row: cap.cleanDaysInRow,
        why: cap.reason,
        channels: channelCapUse(cap, byChannel).map((c) => ({ channel: c.channel, used: c.used, limit: c.cap, why: c.reason })),
      },
      autonomy: { tiers: config.autonomy.tiers, review_delay_minutes: config.autonomy.reviewDelayMinutes, pending_ttl_hours: config.pendingTtlHours },
      rejection_tags: deps.taxonomy.tags,
      min_reason_length: deps.taxonomy.minReasonLength,
      approval_undo_seconds: config.approvalUndoSeconds,
      channels: config.channels,
      };
    });
  });
};
