import type { RoutingRule } from '../routing/routing-rule.js';
import type { ReplayGateResult } from './replay-gate-result.js';

/**
 * Operator controls. The emergency stop is read fresh from the store before every
 * provider call and again inside the atomic send claim.
 *
 * @category model
 */
export interface EmergencyStop {
  readonly engaged: boolean;
  readonly by?: string;
  readonly reason?: string;
  readonly at?: string;
}

export const MODES = ['supervised', 'autonomous'] as const;
export type Mode = (typeof MODES)[number];

export interface Controls {
  readonly emergencyStop: EmergencyStop;
  readonly mode: Mode;
  /** When true the send window is ignored (SUPERVISED_SEND_WINDOW_OVERRIDE). */
  readonly sendWindowOverride: boolean;
  /**
   * Channels and provider campaigns whose sends are paused: refused inside the send claim,
   * like the emergency stop, but for that channel or campaign only. Absent = none.
   */
  readonly pausedChannels?: readonly string[];
  readonly pausedCampaigns?: readonly string[];
  /** Routing rules: source label and tier -> channel and campaign (see `routeFor`). Absent = none. */
  readonly routing?: readonly RoutingRule[];
  /** The last replay gate result (`caio replay`), for the go/no-go and its breaker. Absent = never run. */
  readonly replayGate?: ReplayGateResult;
  readonly version: number;
  readonly updatedAt: string;
}

/** What a fresh store holds: stop released, supervised, no override. */
export const initialControls = (at: string): Controls => ({
  emergencyStop: { engaged: false },
  mode: 'supervised',
  sendWindowOverride: false,
  version: 0,
  updatedAt: at,
});
