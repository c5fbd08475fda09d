import { ResultAsync } from 'neverthrow';
import type { Card } from '../../card/card.js';
import type { Denial } from '../../policy/denial.js';
import { channelCapOf } from '../../policy/daily-cap.js';
import { evaluateSendPolicy } from '../../policy/evaluate-send-policy.js';
import { nextWindowOpening } from '../../policy/next-window-opening.js';
import type { PolicyContext } from '../../policy/policy-context.js';
import type { StoreError } from '../../ports/store-error.js';
import { dayKey } from '../../time/zoned-time.js';
import { loadPolicyContext, type PolicyContextStore } from '../dispatch/load-policy-context.js';
import type { Cards } from '../../ports/cards.js';
import type { Leads } from '../../ports/leads.js';
import { listAllCards } from '../reports/list-all-cards.js';
import type { UseCaseDeps } from '../support/core-deps.js';

/** An approved card not sent yet: why it waits, and when it may go. @category model */
export interface ApprovalHold {
  readonly card: Card;
  /** Every rule that refuses it now (empty: it may go; it waits for its send or a batch). */
  readonly denials: readonly Denial[];
  /** The earliest instant it may go, when waiting alone clears every refusal; else null. */
  readonly mayGoAt: string | null;
  /** The same in a sentence for the reviewer. */
  readonly when: string;
}

// Refusals that time alone clears, and those that need someone to act.
const TIMED = new Set(['outside_send_window', 'daily_cap_reached', 'channel_daily_cap_reached']);

const when = (card: Card, context: PolicyContext, denials: readonly Denial[]): { mayGoAt: string | null; when: string } => {
  const undoUntil = card.sendAfter && Date.parse(card.sendAfter) > context.now.getTime() ? card.sendAfter : null;
  if (denials.length === 0) return undoUntil ? { mayGoAt: undoUntil, when: `sends when its undo window ends, at ${undoUntil}` } : { mayGoAt: context.now.toISOString(), when: 'may go now (waits for its send or a batch)' };
  // A channel whose cap is 0 is closed: no later day opens it, only a changed SEND_CHANNEL_CAPS.
  const closed = channelCapOf(context.config, card.channel) === 0;
  const blocking = denials.filter((d) => !TIMED.has(d.rule) || (closed && d.rule === 'channel_daily_cap_reached'));
  if (blocking.length > 0) {
    const rules = blocking.map((d) => d.rule);
    const why = rules.includes('emergency_stop')
      ? 'when the emergency stop is released'
      : rules.includes('supervised_tier_only')
        ? 'not in supervised mode: only when autonomy is enabled for its tier (or withdraw and reject it)'
        : 'only after an operator acts on what is listed';
    return { mayGoAt: null, when: why };
  }
  const { config } = context;
  // Over today's cap or the channel's: the first opening on a later send day.
  const capped = denials.some((d) => d.rule === 'daily_cap_reached' || d.rule === 'channel_daily_cap_reached');
  const opening = nextWindowOpening(context.now, config.window, config.timeZone, capped ? dayKey(context.now, config.timeZone) : undefined);
  return opening ? { mayGoAt: opening.toISOString(), when: `${capped ? 'on the next send day' : 'when the send window opens'}, at ${opening.toISOString()}` } : { mayGoAt: null, when: 'the send window never opens' };
};

/**
 * Every approved card not yet sent, with the policy's verdict read fresh and when it may
 * go: a supervised approval the policy holds (a Tier 2 card, outside the window, over
 * the cap, under the stop) says why, and when waiting is enough, until when. Reads only.
 *
 * @category model
 */
/** The roles of the store the holds read. */
export type ApprovalHoldsStore = Cards & Leads & PolicyContextStore;

export const approvalHolds = (deps: UseCaseDeps<ApprovalHoldsStore, 'store' | 'clock' | 'policy' | 'campaigns'>): ResultAsync<readonly ApprovalHold[], StoreError> =>
  listAllCards(deps.store, { status: 'approved' }).andThen((cards) =>
    ResultAsync.combine(
      cards.map((card) =>
        deps.store.getLead(card.leadId).andThen((lead) =>
          loadPolicyContext(deps, card, lead, deps.clock.now()).map((context): ApprovalHold => {
            const decision = evaluateSendPolicy(context);
            const denials = decision.allowed ? [] : decision.denials;
            return { card, denials, ...when(card, context, denials) };
          }),
        ),
      ),
    ),
  );
