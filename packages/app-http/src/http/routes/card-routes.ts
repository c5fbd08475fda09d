import { approveCard, isBuiltInChannel, parseCardId, rejectCard, type Card, type DispatchOutcome } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_ERRORS, errors, approveResponse, cardResponse } from '../openapi/response-schemas.js';
import type { AppServices } from '../../composition/app-services.js';
import { ApprovalTimers } from '../../review/approval-timers.js';
import { reply, traceFor } from '../reply.js';

const cardIdParams = z.object({ id: z.string().min(1).max(128) });

const CHANNEL_NAMES = { ghl_email: 'GHL', instantly: 'Instantly', heyreach: 'HeyReach' } as const;

/** The send part of an approval, as the reviewer reads it. */
export const describeSend = (card: Card, send: DispatchOutcome | null) => {
  if (!send && card.sendAfter) return { message: `Approved; sends at ${card.sendAfter} unless withdrawn`, send: { result: 'scheduled', send_after: card.sendAfter } };
  if (!send) return { message: 'Approved; the dispatcher sends it inside the send window, within the daily cap', send: null };
  const via = isBuiltInChannel(card.channel) ? CHANNEL_NAMES[card.channel] : card.channel;
  const noun = card.channel === 'heyreach' ? 'LinkedIn message' : 'Email';
  switch (send._tag) {
    case 'Sent':
      return {
        message: send.sandbox ? `${noun} recorded via ${via} (sandbox)` : `${noun} sent via ${via}`,
        send: { result: 'sent', sandbox: send.sandbox, receipt: send.receipt },
      };
    case 'Denied':
      return {
        message: `Approved, not sent: ${send.denials.map((d) => d.rule).join(', ')}`,
        send: { result: 'denied', denials: send.denials },
      };
    case 'Failed':
      return { message: `Approved; ${via} refused the message: ${send.reason}`, send: { result: 'failed', reason: send.reason } };
    case 'Unknown':
      return { message: `Approved; the send outcome is unknown and will not be retried: ${send.reason}`, send: { result: 'unknown', reason: send.reason } };
    case 'SnapshotDrift':
      return { message: `Approved, not sent: ${send.detail}`, send: { result: 'snapshot_drift', detail: send.detail } };
    case 'ClaimRefused':
      return { message: `Approved, not sent: ${send.reason}`, send: { result: 'refused', reason: send.reason, detail: send.detail } };
  }
};

/** Review decisions (the queue itself: `queue-routes.ts`). */
export const cardRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;
  const timers = new ApprovalTimers(deps, services.inFlight);
  app.addHook('onClose', async () => timers.clear());
  const undoMs = services.config.approvalUndoSeconds * 1000;

  api.post(
    '/api/cards/:id/approve',
    {
      config: { permission: 'review' },
      schema: {
        operationId: 'approveCard',
        summary: 'Approve a card',
        tags: ['review'],
        description: 'Approve a pending card; a supervised GHL first touch is sent at once, or after APPROVAL_UNDO_SECONDS (withdrawable meanwhile)',
        params: cardIdParams,
        response: { 200: approveResponse, ...errors(400, 403, 404, 409, ...API_ERRORS) },
      },
    },
    async (request, response) => {
      const id = parseCardId(request.params.id);
      if (id.isErr()) return reply(response, id);
      const result = await services.inFlight.run(() => approveCard(deps, { cardId: id.value, undoMs, trace: traceFor(request) }));
      if (result.isOk() && result.value.card.status === 'approved' && result.value.card.sendAfter) timers.schedule(result.value.card.id, result.value.card.sendAfter);
      return reply(response, result, ({ card, send }) => ({ card, ...describeSend(card, send) }));
    },
  );

  api.post(
    '/api/cards/:id/reject',
    {
      config: { permission: 'review' },
      schema: {
        operationId: 'rejectCard',
        summary: 'Reject a card',
        tags: ['review'],
        description: 'Reject a card with a taxonomy tag and a written reason',
        response: { 200: cardResponse, ...errors(400, 403, 404, 409, ...API_ERRORS) },
        params: cardIdParams,
        body: z.object({ tag: z.string().min(1).max(64), reason: z.string().max(2000) }).strict(),
      },
    },
    async (request, response) => {
      const id = parseCardId(request.params.id);
      if (id.isErr()) return reply(response, id);
      return reply(response, await rejectCard(deps, { cardId: id.value, tag: request.body.tag, reason: request.body.reason, trace: traceFor(request) }), (card) => ({ card }));
    },
  );
};
