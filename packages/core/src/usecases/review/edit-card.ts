import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import type { Card } from '../../card/card.js';
import { contentDigest } from '../../card/content-digest.js';
import type { IllegalTransition } from '../../card/lifecycle.js';
import type { CardId } from '../../ids.js';
import type { StoreError, VersionConflict } from '../../ports/store-error.js';
import type { QualityConfig } from '../../quality/quality-config.js';
import { runQualityGate } from '../../quality/quality-gate.js';
import { validationError, type ValidationError } from '../../shared/validation-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Cards } from '../../ports/cards.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';

export interface EditCardCommand {
  readonly cardId: CardId;
  /** The new subject (e-mail channels); absent keeps the current one. */
  readonly subject?: string;
  readonly body: string;
  /** The version the reviewer edited; a card changed meanwhile is refused (`VersionConflict`). */
  readonly expectedVersion: number;
  readonly trace: TraceEnvelope;
}

const MAX_BODY = 10_000;
const MAX_SUBJECT = 300;

/**
 * A reviewer fixes a pending card's subject or body instead of rejecting it: a new
 * version with a new content digest, the quality gate run again on the new content, and
 * the change audited (`card.edited`, with both texts and both digests) so the learning
 * report can count edits as their own signal. Only pending cards: an approved card is
 * withdrawn first, so nothing approved is ever sent with content nobody approved.
 *
 * @category model
 */
/** The roles of the store an edit touches. */
export type EditCardStore = Cards & AuditLog;

export const editCard = (
  deps: UseCaseDeps<EditCardStore, 'store' | 'ids'>,
  quality: QualityConfig,
  command: EditCardCommand,
): ResultAsync<Card, StoreError | VersionConflict | IllegalTransition | NotFound | ValidationError> => {
  const body = command.body.trim();
  if (body.length === 0 || body.length > MAX_BODY) return errAsync(validationError('body', `must be 1-${MAX_BODY} characters`));
  const subject = command.subject?.trim();
  if (subject !== undefined && subject.length > MAX_SUBJECT) return errAsync(validationError('subject', `must be at most ${MAX_SUBJECT} characters`));
  const { trace } = command;
  return deps.store
    .getCard(command.cardId)
    .andThen((card) => (card ? okAsync(card) : errAsync(notFound('card', command.cardId))))
    .andThen((card): ResultAsync<Card, StoreError | VersionConflict | IllegalTransition | ValidationError> => {
      if (card.status !== 'pending') return errAsync({ _tag: 'IllegalTransition', cardId: card.id, from: card.status, to: 'pending' });
      if (card.version !== command.expectedVersion) return errAsync({ _tag: 'VersionConflict', entity: 'card', id: card.id, expected: command.expectedVersion, actual: card.version });
      if (subject !== undefined && card.subject === undefined) return errAsync(validationError('subject', `a ${card.channel} card has no subject`));
      const nextSubject = subject ?? card.subject;
      if (body === card.body && nextSubject === card.subject) return errAsync(validationError('body', 'nothing changed'));
      const content = { ...card, body, ...(nextSubject !== undefined ? { subject: nextSubject } : {}) };
      const next: Card = {
        ...content,
        version: card.version + 1,
        updatedAt: trace.at,
        contentDigest: contentDigest(content),
        quality: runQualityGate(content, quality),
        edits: { count: (card.edits?.count ?? 0) + 1, lastAt: trace.at, lastBy: trace.actor },
      };
      return deps.store.putCard(next, card.version).andThen((saved) =>
        audit(deps, trace, 'card.edited', { cardId: card.id, leadId: card.leadId }, {
          version: { from: card.version, to: saved.version },
          contentDigest: { from: card.contentDigest, to: saved.contentDigest },
          ...(nextSubject !== card.subject ? { subject: { from: card.subject ?? null, to: nextSubject ?? null } } : {}),
          ...(body !== card.body ? { body: { from: card.body, to: body } } : {}),
          quality: { before: card.quality.passed, after: saved.quality.passed, hits: saved.quality.hits.map((h) => h.check) },
        }).map(() => saved),
      );
    });
};
