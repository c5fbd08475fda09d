import { discardQuarantined, listAllLedger, listQuarantineItems, parseCardId, reapplyQuarantined, resolveUnknownSend, type DomainEvent, type WebhookProvider } from '@caio/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { err, okAsync, ResultAsync, type Result } from 'neverthrow';
import { z } from 'zod';
import type { AppServices } from '../../composition/app-services.js';
import { quarantineDecisionResponse, quarantineListResponse, quarantineReappliedResponse, resolvedOutcomeResponse, unknownOutcomesResponse } from '../openapi/console-schemas.js';
import { API_ERRORS, errors } from '../openapi/response-schemas.js';
import { reply, traceFor } from '../reply.js';
import { QUARANTINE_BODY_CHARS } from './webhook-routes.js';

const noteBody = z.object({ note: z.string().max(2000) }).strict();
const idParams = z.object({ id: z.string().min(1).max(128) });

/** What operators reconcile: unknown send outcomes and the webhook quarantine. */
export const opsRoutes = (app: FastifyInstance, services: AppServices): void => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { deps } = services;

  api.get('/api/outcomes/unknown', { config: { permission: 'read' }, schema: { operationId: 'listUnknownOutcomes', summary: 'Unknown send outcomes', tags: ['outcomes'], description: 'Sends whose outcome is unknown, each with its card, lead and the audit trail as evidence', response: { 200: unknownOutcomesResponse, ...errors(...API_ERRORS) } } }, async (_request, response) => {
    const result = await listAllLedger(deps.store, { state: 'unknown' }).andThen((entries) =>
      ResultAsync.combine(
        entries.map((entry) =>
          ResultAsync.combine([deps.store.getCard(entry.cardId), deps.store.listAudit({ cardId: entry.cardId, limit: 50 })] as const).andThen(([card, evidence]) =>
            (card ? deps.store.getLead(card.leadId) : okAsync(null)).map((lead) => ({ entry, card, lead, evidence })),
          ),
        ),
      ),
    );
    return reply(response, result, (items) => ({ items }));
  });

  api.post(
    '/api/outcomes/:id/resolve',
    {
      config: { permission: 'reconcile' },
      schema: {
        operationId: 'resolveUnknownOutcome',
        summary: 'Resolve an unknown send',
        tags: ['outcomes'],
        response: { 200: resolvedOutcomeResponse, ...errors(400, 403, 404, 409, ...API_ERRORS) },
        description: 'Resolve an unknown send of card :id after checking the provider: delivered (sent) or not (failed, the lead may be contacted again); audited with the note',
        params: idParams,
        body: z.object({ step: z.number().int().min(0).default(0), delivered: z.boolean(), note: z.string().max(2000) }).strict(),
      },
    },
    async (request, response) => {
      const id = parseCardId(request.params.id);
      if (id.isErr()) return reply(response, id);
      const { step, delivered, note } = request.body;
      return reply(response, await resolveUnknownSend(deps, { cardId: id.value, step, delivered, note, trace: traceFor(request) }), (entry) => ({ entry }));
    },
  );

  api.get('/api/quarantine', { config: { permission: 'reconcile' }, schema: { operationId: 'listQuarantine', summary: 'The webhook quarantine', tags: ['webhooks'], description: 'Authenticated webhook deliveries that could not be parsed, newest first, with any decision taken', response: { 200: quarantineListResponse, ...errors(403, ...API_ERRORS) } } }, async (_request, response) =>
    reply(response, await listQuarantineItems(deps, services.quarantineDecisions), (items) => ({ items })),
  );

  api.post(
    '/api/quarantine/:id/discard',
    { config: { permission: 'reconcile' }, schema: { operationId: 'discardQuarantined', summary: 'Discard a quarantined delivery', tags: ['webhooks'], description: 'Discard a quarantined delivery (audited with the note); the first decision wins', params: idParams, body: noteBody, response: { 200: quarantineDecisionResponse, ...errors(400, 403, 404, 409, ...API_ERRORS) } } },
    async (request, response) =>
      reply(response, await discardQuarantined(deps, services.quarantineDecisions, { id: request.params.id, note: request.body.note, trace: traceFor(request) }), (decision) => ({ decision })),
  );

  // Only the first 64 KiB of a delivery are kept: a truncated body is never re-applied as if whole.
  const reparseKept = (provider: WebhookProvider, body: string, now: Date): Result<readonly DomainEvent[], string> =>
    body.length >= QUARANTINE_BODY_CHARS
      ? err('only the first 64 KiB of this delivery were kept; ask the provider to send it again')
      : services.webhooks.reparse(provider, Buffer.from(body, 'utf8'), now);

  api.post(
    '/api/quarantine/:id/reapply',
    { config: { permission: 'reconcile' }, schema: {
        operationId: 'reapplyQuarantined',
        summary: 'Re-apply a quarantined delivery',
        tags: ['webhooks'],
        description: 'Parse a quarantined delivery again (after a parser fix) and apply its events through the inbox; 422 when it still does not parse',
        params: idParams,
        body: noteBody,
        response: { 200: quarantineReappliedResponse, ...errors(400, 403, 404, 409, 422, ...API_ERRORS) },
      },
     },
    async (request, response) =>
      reply(response, await reapplyQuarantined(deps, services.quarantineDecisions, reparseKept, { id: request.params.id, note: request.body.note, trace: traceFor(request) })),
  );
};
