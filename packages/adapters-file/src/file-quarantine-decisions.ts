import { alreadyDecided, type AlreadyDecided, type QuarantineDecision, type QuarantineDecisions, type StoreError } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { z } from 'zod';
import { LockedJsonFile } from './locked-json-file.js';

const decisionSchema = z.object({ id: z.string().min(1), action: z.enum(['discarded', 'reapplied']), by: z.string(), at: z.string(), note: z.string() }).strict();

/**
 * `QuarantineDecisions` for the file backend: `quarantine-decisions.json` in the given
 * directory (the app uses `<STATE_DIR>/quarantine/`), decided under a cross-process lock
 * so the first decision wins.
 *
 * @category adapters
 */
export class FileQuarantineDecisions implements QuarantineDecisions {
  private readonly file: LockedJsonFile<QuarantineDecision[]>;

  constructor(dir: string) {
    this.file = new LockedJsonFile(dir, 'quarantine-decisions', z.array(decisionSchema), () => []);
  }

  decide(decision: QuarantineDecision): ResultAsync<QuarantineDecision, StoreError | AlreadyDecided> {
    return this.file.update((decisions) => {
      const existing = decisions.find((d) => d.id === decision.id);
      if (existing) return { ok: false, error: alreadyDecided(existing) };
      return { ok: true, value: { ...decision }, write: [...decisions, decision].sort((a, b) => (a.id < b.id ? -1 : 1)) };
    });
  }

  listDecisions(): ResultAsync<readonly QuarantineDecision[], StoreError> {
    return this.file.read();
  }
}
