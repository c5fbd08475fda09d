import { okAsync, type ResultAsync } from 'neverthrow';
import type { AlreadyDecided, QuarantineDecision, QuarantineDecisions } from '../ports/quarantine-decisions.js';
import type { StoreError } from '../ports/store-error.js';

/**
 * `QuarantineDecisions` over the cutover pair: the primary decides; with `fallbackWrite`
 * the decision is copied to the secondary (a copy that fails is only counted: the
 * primary's answer stands).
 *
 * @category adapters
 */
export class DualQuarantineDecisions implements QuarantineDecisions {
  private missed = 0;

  constructor(
    readonly primary: QuarantineDecisions,
    readonly secondary: QuarantineDecisions,
    private readonly options: { readonly fallbackWrite: boolean },
  ) {}

  /** Decisions the secondary did not take. */
  get unmirrored(): number {
    return this.missed;
  }

  decide(decision: QuarantineDecision): ResultAsync<QuarantineDecision, StoreError | AlreadyDecided> {
    const decided = this.primary.decide(decision);
    if (!this.options.fallbackWrite) return decided;
    return decided.andThen((value) =>
      this.secondary
        .decide(value)
        .map(() => value)
        .orElse(() => {
          this.missed++;
          return okAsync(value);
        }),
    );
  }

  listDecisions(): ResultAsync<readonly QuarantineDecision[], StoreError> {
    return this.primary.listDecisions();
  }
}
