import { CHANNELS, setPause } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pausesResponse } from '../openapi/history-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { reply, traceFor } from '../reply.js';

const pauses = (c: { pausedChannels?: readonly string[]; pausedCampaigns?: readonly string[] }) => ({ channels: c.pausedChannels ?? [], campaigns: c.pausedCampaigns ?? [] });

/** Per-channel and per-campaign pauses (honoured inside the send claim, like the emergency stop). */
export const pauseRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.get('/api/controls/pauses', { config: { permission: 'read' }, schema: { operationId: 'getPauses', summary: 'Paused channels and campaigns', tags: ['controls'], description: 'Paused channels and campaigns', response: { 200: pausesResponse, ...errors(...API_ERRORS) } } }, async (_request, response) => reply(response, await deps.store.getControls(), pauses));

  api.post(
    '/api/controls/pauses',
    {
      config: { permission: 'administer' }, schema: {
        operationId: 'setPause',
        summary: 'Pause or resume a channel or campaign',
        tags: ['controls'],
        response: { 200: pausesResponse, ...errors(400, 403, 409, ...API_ERRORS) },
        description: 'Pause or resume the sends of one channel or one campaign (a reason is required; audited)',
        body: z.union([
          z.object({ channel: z.enum(CHANNELS), paused: z.boolean(), reason: z.string().max(500) }).strict(),
          z.object({ campaign: z.string().min(1).max(128), paused: z.boolean(), reason: z.string().max(500) }).strict(),
        ]),
      },
    },
    async (request, response) => {
      const body = request.body;
      const target = 'channel' in body ? { channel: body.channel } : { campaignId: body.campaign };
      return reply(response, await setPause(deps, { target, paused: body.paused, reason: body.reason, trace: traceFor(request) }), pauses);
    },
  );
};
