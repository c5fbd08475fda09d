/** One go/no-go criterion with what was measured. @category model */
export interface ReadinessCriterion {
  readonly name: 'clean_days' | 'webhook_strict' | 'header_only_auth' | 'redis_only_state' | 'replay_gate' | 'rejection_ratio_not_rising';
  readonly passed: boolean;
  readonly detail: string;
}

export interface AutonomyReadinessInput {
  readonly cleanDaysInRow: number;
  readonly cleanDaysRequired: number;
  readonly webhooks: { readonly strict: boolean; readonly unauthenticatedProviders: readonly string[]; readonly unsignedAllowlisted: readonly string[] };
  readonly dashboard: { readonly queryTokenEnabled: boolean };
  readonly state: { readonly backend: 'file' | 'redis' | 'dual' | 'memory'; readonly fileFallbackWrite: boolean };
  readonly replayPassRate: number | null;
  readonly rejectionTrend: 'rising' | 'falling' | 'flat' | 'insufficient_data';
}

export const REPLAY_GATE = 0.95;

/**
 * The autonomy go/no-go of architecture section 7, computed from facts, never hand-set:
 * every criterion must pass.
 *
 * @category model
 */
export const evaluateAutonomyReadiness = (input: AutonomyReadinessInput): { readonly go: boolean; readonly criteria: readonly ReadinessCriterion[] } => {
  const blindSpots = [...input.webhooks.unauthenticatedProviders, ...input.webhooks.unsignedAllowlisted];
  const criteria: ReadinessCriterion[] = [
    { name: 'clean_days', passed: input.cleanDaysInRow >= input.cleanDaysRequired, detail: `${input.cleanDaysInRow} of ${input.cleanDaysRequired} clean supervised days in a row` },
    {
      name: 'webhook_strict',
      passed: input.webhooks.strict && blindSpots.length === 0,
      detail: !input.webhooks.strict ? 'webhook signature enforcement is off' : blindSpots.length ? `unauthenticated: ${blindSpots.join(', ')}` : 'every provider authenticated',
    },
    { name: 'header_only_auth', passed: !input.dashboard.queryTokenEnabled, detail: input.dashboard.queryTokenEnabled ? 'query-string dashboard tokens are enabled' : 'header-only dashboard auth' },
    {
      name: 'redis_only_state',
      passed: input.state.backend === 'redis' && !input.state.fileFallbackWrite,
      detail: input.state.backend === 'redis' ? 'Redis-only state' : `state backend is ${input.state.backend}${input.state.fileFallbackWrite ? ' with file fallback writes' : ''}`,
    },
    {
      name: 'replay_gate',
      passed: input.replayPassRate !== null && input.replayPassRate >= REPLAY_GATE,
      detail: input.replayPassRate === null ? 'no replay run recorded' : `replay pass rate ${input.replayPassRate.toFixed(2)} (gate ${REPLAY_GATE})`,
    },
    { name: 'rejection_ratio_not_rising', passed: input.rejectionTrend !== 'rising', detail: `rejection ratio trend: ${input.rejectionTrend.replace('_', ' ')}` },
  ];
  return { go: criteria.every((c) => c.passed), criteria };
};
