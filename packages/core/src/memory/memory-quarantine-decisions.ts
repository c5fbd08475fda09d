import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { alreadyDecided, type AlreadyDecided, type QuarantineDecision, type QuarantineDecisions } from '../ports/quarantine-decisions.js';
import type { StoreError } from '../ports/store-error.js';

/** The reference `QuarantineDecisions`: a map in one process. @category adapters */
export class MemoryQuarantineDecisions implements QuarantineDecisions {
  private readonly decisions = new Map<string, QuarantineDecision>();

  decide(decision: QuarantineDecision): ResultAsync<QuarantineDecision, StoreError | AlreadyDecided> {
    const existing = this.decisions.get(decision.id);
    if (existing) return errAsync(alreadyDecided(existing));
    this.decisions.set(decision.id, { ...decision });
    return okAsync({ ...decision });
  }

  listDecisions(): ResultAsync<readonly QuarantineDecision[], StoreError> {
    return okAsync([...this.decisions.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => ({ ...d })));
  }
}
