import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { AuditEntry } from '../../audit/audit-entry.js';
import type { Lead } from '../../lead/lead.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { AuditTrail } from '../../ports/audit-trail.js';
import type { Leads } from '../../ports/leads.js';
import type { StoreError } from '../../ports/store-error.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { notFound, type NotFound } from '../support/use-case-errors.js';

/** One reply in the inbox. @category model */
export interface Reply {
  /** The reply's audit entry id (what `markReplyHandled` takes). */
  readonly id: string;
  readonly at: string;
  readonly provider: string;
  readonly channel: string;
  readonly snippet: string | null;
  readonly identityKeys: readonly string[];
  readonly lead: Pick<Lead, 'id' | 'firstName' | 'lastName' | 'company'> | null;
  readonly handled: { readonly by: string; readonly at: string; readonly note: string } | null;
}

export type RepliesStore = AuditTrail & Leads;
export const REPLY_ACTIONS = ['webhook.ReplyReceived', 'webhook.LinkedInReplyReceived'] as const;

/** How many of the newest replies (and handled marks) the inbox reads. */
export const REPLIES_WINDOW = 1000;

const handledMarks = (store: AuditTrail): ResultAsync<Map<string, AuditEntry>, StoreError> =>
  store.listAuditByAction('reply.handled', REPLIES_WINDOW * 2).map((marks) => new Map(marks.map((m) => [String(m.detail.reply), m])));

/**
 * The replies inbox, newest first: each reply webhook event with its snippet, the lead it
 * came from (found by the identity keys it named) and whether an operator marked it
 * handled. `open` (default) hides the handled ones.
 *
 * @category use-cases
 */
export const listReplies = (deps: UseCaseDeps<RepliesStore, never>, query: { readonly show?: 'open' | 'handled' | 'all'; readonly limit?: number }): ResultAsync<readonly Reply[], StoreError> =>
  ResultAsync.combine([ResultAsync.combine(REPLY_ACTIONS.map((a) => deps.store.listAuditByAction(a, REPLIES_WINDOW))), handledMarks(deps.store)] as const).andThen(([lists, handled]) => {
    const show = query.show ?? 'open';
    const replies = lists
      .flat()
      .filter((e) => show === 'all' || (show === 'handled') === handled.has(e.id))
      .sort((a, b) => (a.trace.at < b.trace.at ? 1 : a.trace.at > b.trace.at ? -1 : 0))
      .slice(0, Math.max(1, Math.min(query.limit ?? 100, 500)));
    return ResultAsync.combine(
      replies.map((e) =>
        (e.identityKeys && e.identityKeys.length > 0 ? deps.store.findLeadsByKeys(e.identityKeys) : okAsync([] as readonly Lead[])).map((leads): Reply => {
          const lead = leads[0];
          const mark = handled.get(e.id);
          return {
            id: e.id,
            at: e.trace.at,
            provider: String(e.detail.provider ?? ''),
            channel: String(e.detail.channel ?? ''),
            snippet: typeof e.detail.snippet === 'string' ? e.detail.snippet : null,
            identityKeys: e.identityKeys ?? [],
            lead: lead ? { id: lead.id, ...(lead.firstName ? { firstName: lead.firstName } : {}), ...(lead.lastName ? { lastName: lead.lastName } : {}), ...(lead.company ? { company: lead.company } : {}) } : null,
            handled: mark ? { by: mark.trace.actor, at: mark.trace.at, note: String(mark.detail.note ?? '') } : null,
          };
        }),
      ),
    );
  });

export type MarkReplyError = StoreError | NotFound;

/**
 * Marks a reply handled (audited as `reply.handled`, naming the reply). Marking one that
 * is already handled changes nothing and answers the existing mark.
 *
 * @category use-cases
 */
export const markReplyHandled = (
  deps: UseCaseDeps<AuditTrail & AuditLog, 'ids'>,
  command: { readonly replyId: string; readonly note?: string; readonly trace: TraceEnvelope },
): ResultAsync<{ readonly already: boolean }, MarkReplyError> =>
  ResultAsync.combine([ResultAsync.combine(REPLY_ACTIONS.map((a) => deps.store.listAuditByAction(a, REPLIES_WINDOW))), handledMarks(deps.store)] as const).andThen(([lists, handled]): ResultAsync<{ already: boolean }, MarkReplyError> => {
    const reply = lists.flat().find((e) => e.id === command.replyId);
    if (!reply) return errAsync(notFound('reply', command.replyId));
    if (handled.has(reply.id)) return okAsync({ already: true });
    return audit(deps, command.trace, 'reply.handled', { ...(reply.identityKeys ? { identityKeys: reply.identityKeys } : {}) }, { reply: reply.id, note: command.note ?? '' }).map(() => ({ already: false }));
  });
