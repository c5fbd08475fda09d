import type { Tier } from '../lead/lead.js';
import type { BreakerThresholds } from './breakers.js';

/** How autonomous mode behaves (AUTONOMY_* variables). @category model */
export interface AutonomyConfig {
  /** Tiers whose clean cards `system:autonomy` approves (AUTONOMY_TIERS, default tier_1). */
  readonly tiers: readonly Tier[];
  /** The hold before an autonomous approval, counted from the card's last change (AUTONOMY_REVIEW_DELAY_MINUTES). */
  readonly reviewDelayMinutes: number;
  readonly breakers: BreakerThresholds;
}

/** The actor of autonomous approvals and of the automatic fallback. */
export const AUTONOMY_ACTOR = 'system:autonomy';
/** The actor of the dispatcher's batches. */
export const DISPATCHER_ACTOR = 'system:dispatcher';
