import { ResultAsync } from 'neverthrow';
import type { Leads } from '../../ports/leads.js';
import type { Cards } from '../../ports/cards.js';
import type { SendLedger } from '../../ports/send-ledger.js';
import type { Suppressions } from '../../ports/suppressions.js';
import type { CadenceStops } from '../../ports/cadence-stops.js';
import type { ControlsStore } from '../../ports/controls-store.js';
import type { DayRecords } from '../../ports/day-records.js';
import type { StoreAdmin } from '../../ports/store-admin.js';
import type { Card } from '../../card/card.js';
import { CHANNELS, type Channel } from '../../channel.js';
import type { DenialName } from '../../policy/denial.js';
import { evaluateSendPolicy } from '../../policy/evaluate-send-policy.js';
import type { StoreError } from '../../ports/store-error.js';
import { loadPolicyContext, type PolicyContextStore } from '../dispatch/load-policy-context.js';
import { cleanDaysInRow } from '../../autonomy/compute-day-record.js';
import { capToday, channelCapUse, type ChannelCapUse } from '../../policy/cap-today.js';
import { dayKey } from '../../time/zoned-time.js';
import type { UseCaseDeps } from '../support/core-deps.js';
import { listAllCards } from './list-all-cards.js';
import { listInDoubtSends } from './list-in-doubt-sends.js';

/**
 * The pending-queue trace the tracker's operators run before every supervised window.
 * `ready_for_live_send` counts pending cards that would pass every send rule if
 * approved now; `denials_by_rule` says what holds the others back.
 *
 * @category model
 */
export interface QueueTrace {
  readonly total_pending: number;
  readonly ghl_targeted: number;
  readonly instantly_targeted: number;
  readonly heyreach_targeted: number;
  readonly auto_resolve_on_approve: number;
  readonly ready_for_live_send: number;
  readonly approved_waiting: number;
  readonly separated_unmapped: number;
  readonly unknown_outcomes: number;
  /** Claims still `sending` past the recovery threshold: maybe sent, not yet recovered to `unknown`. */
  readonly in_doubt_sends: number;
  readonly in_doubt_card_ids: readonly string[];
  /** Why the store refuses every send now (epoch marker lost, eviction policy), or null: it comes before any rule. */
  readonly sends_blocked: string | null;
  /** Pending cards retired by PENDING_TTL_HOURS in the last 24 hours. */
  readonly expired_last_24h: number;
  readonly denials_by_rule: Readonly<Partial<Record<DenialName, number>>>;
  readonly oldest_pending_age_minutes: number | null;
  readonly past_approval_sla: number;
  readonly approval_sla_minutes: number;
  /** Today's cap (the ramp after the clean-day run) and why. */
  readonly daily_cap: number;
  readonly daily_cap_reason: string;
  /** The channels with a cap of their own (SEND_CHANNEL_CAPS): cap, sends today, why. */
  readonly channel_caps: readonly ChannelCapUse[];
  readonly mode: 'supervised' | 'autonomous';
  readonly generated_at: string;
}

const TARGETED: Record<Channel, 'ghl_targeted' | 'instantly_targeted' | 'heyreach_targeted'> = {
  ghl_email: 'ghl_targeted',
  instantly: 'instantly_targeted',
  heyreach: 'heyreach_targeted',
};

/** The roles of the store the queue trace reads. */
export type TraceQueueStore = Leads & Cards & SendLedger & Suppressions & CadenceStops & ControlsStore & DayRecords & PolicyContextStore & Pick<StoreAdmin, 'health'>;

const DAY_MS = 86_400_000;

export const traceQueue = (deps: UseCaseDeps<TraceQueueStore>, options: { readonly approvalSlaMinutes: number; readonly inDoubtAfterMs: number }): ResultAsync<QueueTrace, StoreError> => {
  const now = deps.clock.now();
  return ResultAsync.combine([
    listAllCards(deps.store, { status: 'pending' }),
    listAllCards(deps.store, { status: 'approved' }),
    listAllCards(deps.store, { status: 'separated' }),
    listAllCards(deps.store, { status: 'unknown' }),
    deps.store.getControls(),
    listInDoubtSends(deps, options.inDoubtAfterMs),
    deps.store.health(),
    deps.store.listDayRecords(60),
    deps.store.countDayChannelSends(dayKey(now, deps.policy.timeZone)),
    listAllCards(deps.store, { status: 'expired' }),
  ] as const).andThen(([pending, approved, separated, unknown, controls, inDoubt, health, records, byChannel, expired]) =>
    ResultAsync.combine(
      pending.map((card) =>
        deps.store.getLead(card.leadId).andThen((lead) =>
          // Evaluated as if a human approved it now: what would still stop the send?
          loadPolicyContext(deps, { ...card, status: 'approved', approvedBy: 'queue-trace' } as Card, lead, now).map(evaluateSendPolicy),
        ),
      ),
    ).map((decisions): QueueTrace => {
      const denials: Partial<Record<DenialName, number>> = {};
      for (const d of decisions) if (!d.allowed) for (const denial of d.denials) denials[denial.rule] = (denials[denial.rule] ?? 0) + 1;
      const counts = Object.fromEntries(CHANNELS.map((c) => [TARGETED[c], pending.filter((p) => p.channel === c).length])) as Record<
        (typeof TARGETED)[Channel],
        number
      >;
      const cap = capToday(deps.policy, cleanDaysInRow(records, dayKey(now, deps.policy.timeZone)));
      const ages = pending.map((c) => (now.getTime() - new Date(c.createdAt).getTime()) / 60_000);
      return {
        total_pending: pending.length,
        ...counts,
        auto_resolve_on_approve:
          deps.sendGhlFirstTouchOnApprove && controls.mode === 'supervised' ? pending.filter((c) => c.channel === 'ghl_email' && c.step === 0).length : 0,
        ready_for_live_send: decisions.filter((d) => d.allowed).length,
        approved_waiting: approved.length,
        separated_unmapped: separated.length,
        unknown_outcomes: unknown.length,
        in_doubt_sends: inDoubt.length,
        in_doubt_card_ids: inDoubt.map((e) => e.cardId),
        sends_blocked: health.sendsBlocked ?? null,
        expired_last_24h: expired.filter((c) => now.getTime() - Date.parse(c.updatedAt) <= DAY_MS).length,
        denials_by_rule: denials,
        oldest_pending_age_minutes: ages.length ? Math.floor(Math.max(...ages)) : null,
        past_approval_sla: ages.filter((a) => a > options.approvalSlaMinutes).length,
        approval_sla_minutes: options.approvalSlaMinutes,
        daily_cap: cap.cap,
        daily_cap_reason: cap.reason,
        channel_caps: channelCapUse(cap, byChannel),
        mode: controls.mode,
        generated_at: now.toISOString(),
      };
    }),
  );
};
