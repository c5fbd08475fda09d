import { AT, ManualClock } from '@caio/testkit';
import { expectLegacyContactsAdopted, LEGACY_PROVIDER_CONTACTS, seedLegacyContactLeads } from '@caio/testkit/contracts';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestStore, REDIS_URL, removePrefix, testPrefix } from './redis-test-support.js';

const prefix = testPrefix();
afterAll(() => removePrefix(prefix));

describe('Redis: the provider contact directory of an older version', () => {
  it('turns each contact id into a key of its person at start, deletes the sets, marks the sweep done, and a restart changes nothing', async () => {
    const clock = new ManualClock(AT);
    const redis = new Redis(REDIS_URL);
    const before = await openTestStore(clock, { keyPrefix: prefix });
    await seedLegacyContactLeads(before);
    await before.close();
    // A tenant this version initialised is marked as never having had a directory; one the
    // older version wrote has no marker, and a set of identity keys per contact.
    expect(await redis.exists(`{${prefix}:contact}:adopted`)).toBe(1);
    await redis.del(`{${prefix}:contact}:adopted`);
    for (const entry of LEGACY_PROVIDER_CONTACTS) await redis.sadd(`{${prefix}:contact}:${entry.provider}:${entry.contactId}`, ...entry.keys);

    const store = await openTestStore(clock, { keyPrefix: prefix });
    await expectLegacyContactsAdopted(store);
    expect(await redis.keys(`{${prefix}:contact}:ghl:*`)).toEqual([]);
    expect(await redis.exists(`{${prefix}:contact}:adopted`)).toBe(1);
    const exported = JSON.stringify((await store.exportRecords())._unsafeUnwrap());
    await store.close();

    const again = await openTestStore(clock, { keyPrefix: prefix });
    await expectLegacyContactsAdopted(again);
    expect(JSON.stringify((await again.exportRecords())._unsafeUnwrap())).toBe(exported);
    // Sends are not blocked by the conversion.
    expect((await again.health())._unsafeUnwrap().sendsBlocked).toBeUndefined();
    await again.close();
    redis.disconnect();
  });
});
