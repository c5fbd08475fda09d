import { initialControls, type CadenceStop, type ChannelCounts, type Controls, type DayRecord, type FirstTouch, type PolicyInputs, type PolicyInputsRequest, type StoredPolicyInputs, type StoreError, type Suppression } from '@caio/core';
import type { ResultAsync } from 'neverthrow';
import { joinLedger, parseJsonRecord } from './record-codec.js';
import type { RedisStoreContext } from './redis-store-context.js';

/** Reads a script reply from `at` on: a count, then that many values. */
class ReplyReader {
  constructor(
    private readonly reply: readonly (string | number)[],
    private at = 0,
  ) {}

  next(): string {
    return String(this.reply[this.at++] ?? '');
  }

  counted<T>(parse: (text: string) => T): T[] {
    const count = Number(this.reply[this.at++] ?? 0);
    return Array.from({ length: count }, () => parse(this.next()));
  }

  /** The rest as `field, value, ...`. */
  hash(): Record<string, string> {
    const hash: Record<string, string> = {};
    while (this.at + 1 < this.reply.length) hash[this.next()] = this.next();
    return hash;
  }
}

/** The send slot's inputs (one script) and the audit slot's day records (one script), sent together. */
const readBoth = async (c: RedisStoreContext, request: PolicyInputsRequest) => {
  const k = c.keys;
  const previous = request.previousStep;
  // Each record once, as the single reads answer it.
  const targets = [...new Set(request.suppressionTargets)];
  const identityKeys = [...new Set(request.keys)];
  const keys = [
    k.controls(),
    k.day(request.dayKey),
    k.ledgerKey(previous?.identityKey ?? '-'),
    k.dayChannels(request.dayKey),
    ...targets.map((t) => k.suppression(t)),
    ...identityKeys.map((key) => k.touch(key)),
    ...identityKeys.map((key) => k.stop(key)),
  ];
  const args = [String(targets.length), String(identityKeys.length), k.send, previous ? String(previous.step) : '', previous?.channel ?? '', previous?.campaignId !== undefined ? '1' : '', previous?.campaignId ?? ''];
  return Promise.all([c.redis.readPolicyInputs(keys.length, ...keys, ...args), c.redis.readDayRecords(1, k.dayRecords(), String(request.dayRecords), k.auditTag)]);
};

/** A flat `channel, count, ...` reply as counts by channel. */
const channelCounts = (flat: readonly string[]): ChannelCounts => {
  const counts: Record<string, number> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) counts[flat[i]!] = Number(flat[i + 1]);
  return counts;
};

/**
 * `PolicyInputs` on Redis: the controls, the day's count and its per-channel counts, suppressions, first touches,
 * cadence stops and the previous step's ledger entry are one script over the send slot;
 * the day records live in the audit slot (another node on a cluster), so they are a second
 * script sent at the same moment: one round trip of latency on one Redis.
 */
export const redisPolicyInputs = (c: RedisStoreContext): PolicyInputs => ({
  readPolicyInputs(request: PolicyInputsRequest): ResultAsync<StoredPolicyInputs, StoreError> {
    const k = c.keys;
    return c.call(async (): Promise<StoredPolicyInputs> => {
      const [reply, days] = await readBoth(c, request);
      const r = new ReplyReader(reply);
      const controls = r.next();
      const day = r.next();
      const byChannel = r.counted((v) => v);
      const suppressions = r.counted((v) => parseJsonRecord<Suppression>(k.suppressions(), v));
      const firstTouches = r.counted((v) => parseJsonRecord<FirstTouch>(k.touches(), v));
      const cadenceStops = r.counted((v) => parseJsonRecord<CadenceStop>(k.stops(), v));
      const previousId = r.next();
      const previousBody = previousId === '' ? '' : r.next();
      return {
        controls: controls === '' ? initialControls(new Date(0).toISOString()) : parseJsonRecord<Controls>(k.controls(), controls),
        sentToday: Number(day || '0'),
        sentTodayByChannel: channelCounts(byChannel),
        dayRecords: days.map((v) => parseJsonRecord<DayRecord>(k.dayRecords(), v)),
        suppressions,
        firstTouches,
        previousStep: previousId === '' ? null : joinLedger(k.ledger(previousId), previousBody, r.hash()),
        cadenceStops,
      };
    });
  },
});
