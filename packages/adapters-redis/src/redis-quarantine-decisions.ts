import { alreadyDecided, type AlreadyDecided, type QuarantineDecision, type QuarantineDecisions, type StoreError } from '@caio/core';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import { z } from 'zod';
import type { RedisClient } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';
import { toStoreError } from './redis-state-store.js';

const decisionSchema = z.object({ id: z.string().min(1), action: z.enum(['discarded', 'reapplied']), by: z.string(), at: z.string(), note: z.string() }).strict();

/**
 * `QuarantineDecisions` on Redis: one hash beside the quarantine list (same hash tag),
 * written with HSETNX, so the first decision about a delivery wins on every instance.
 *
 * @category adapters
 */
export class RedisQuarantineDecisions implements QuarantineDecisions {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.key = `${new RedisKeys(prefix).quarantine()}-decisions`;
  }

  private parse(json: string): QuarantineDecision | StoreError {
    try {
      const parsed = decisionSchema.safeParse(JSON.parse(json));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: not JSON
    }
    return { _tag: 'StoreCorrupt', where: this.key, message: 'a quarantine decision has an unexpected shape' };
  }

  decide(decision: QuarantineDecision): ResultAsync<QuarantineDecision, StoreError | AlreadyDecided> {
    return ResultAsync.fromPromise(this.redis.hsetnx(this.key, decision.id, JSON.stringify(decision)), toStoreError).andThen((written) => {
      if (written === 1) return okAsync({ ...decision });
      return ResultAsync.fromPromise(this.redis.hget(this.key, decision.id), toStoreError).andThen((json) => {
        const existing = json === null ? null : this.parse(json);
        if (existing === null) return errAsync<QuarantineDecision, StoreError>({ _tag: 'StoreUnavailable', message: 'the decision vanished; retry' });
        return '_tag' in existing ? errAsync(existing) : errAsync(alreadyDecided(existing));
      });
    });
  }

  listDecisions(): ResultAsync<readonly QuarantineDecision[], StoreError> {
    return ResultAsync.fromPromise(this.redis.hvals(this.key), toStoreError).andThen((values) => {
      const decisions: QuarantineDecision[] = [];
      for (const json of values) {
        const parsed = this.parse(json);
        if ('_tag' in parsed) return errAsync(parsed);
        decisions.push(parsed);
      }
      return okAsync(decisions.sort((a, b) => (a.id < b.id ? -1 : 1)));
    });
  }
}
