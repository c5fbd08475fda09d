import type { RateGate, StoreError } from '@caio/core';
import { ProviderClient, providerClient } from '@caio/provider-http';
import { FakeInstantly } from '@caio/testkit';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

let fake: FakeInstantly;
beforeEach(async () => {
  fake = await new FakeInstantly('key', ['cmp-1']).start();
});
afterEach(async () => fake.stop());

const listCampaigns = (client: ProviderClient) => client.request({ method: 'GET', path: '/campaigns', idempotent: true, schema: z.object({ items: z.array(z.unknown()) }).passthrough() });

/** A gate that answers what it is told and counts the questions. */
class ScriptedGate implements RateGate {
  asked = 0;
  constructor(private readonly answer: () => ResultAsync<number, StoreError>) {}
  tryAcquire(): ResultAsync<number, StoreError> {
    this.asked++;
    return this.answer();
  }
}

describe('ProviderClient with a shared rate gate', () => {
  it('asks the given gate once per request instead of pacing alone', async () => {
    const gate = new ScriptedGate(() => okAsync(0));
    const client = new ProviderClient({ name: 'Instantly', baseUrl: fake.baseUrl, headers: { authorization: 'Bearer key' }, rateLimits: [{ limit: 1, windowMs: 60_000 }], rateGate: gate });
    // The local windows (1 per minute) would hold the second request for a minute; the gate lets both go.
    expect((await listCampaigns(client)).isOk()).toBe(true);
    expect((await listCampaigns(client)).isOk()).toBe(true);
    expect(gate.asked).toBe(2);
    await client.close();
  });

  it('waits the answered milliseconds and asks again', async () => {
    const answers = [25, 0];
    const gate = new ScriptedGate(() => okAsync(answers.shift() ?? 0));
    const client = new ProviderClient({ name: 'Instantly', baseUrl: fake.baseUrl, headers: { authorization: 'Bearer key' }, rateLimits: [], rateGate: gate });
    const started = Date.now();
    expect((await listCampaigns(client)).isOk()).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
    expect(gate.asked).toBe(2);
    await client.close();
  });

  it('sends nothing and answers SendRetryable when the gate cannot be asked', async () => {
    const gate = new ScriptedGate(() => errAsync({ _tag: 'StoreUnavailable', message: 'redis down' }));
    const client = new ProviderClient({ name: 'Instantly', baseUrl: fake.baseUrl, headers: { authorization: 'Bearer key' }, rateLimits: [], rateGate: gate, maxAttempts: 2, baseBackoffMs: 1 });
    const result = await client.request({ method: 'POST', path: '/leads', body: { email: 'ada@example.com', campaign: 'cmp-1' }, idempotent: false, schema: z.unknown() });
    const error = result._unsafeUnwrapErr();
    expect(error._tag).toBe('SendRetryable');
    expect(error.message).toContain('rate gate is unavailable (StoreUnavailable)');
    expect(fake.requests).toHaveLength(0);
    // Retryable: asked again up to the attempt bound, never past it.
    expect(gate.asked).toBe(2);
    await client.close();
  });

  it('builds the gate for the provider and its published limits, and none when limits are off', async () => {
    const made: { provider: string; windows: unknown }[] = [];
    const rateGate = (provider: string, windows: readonly { limit: number; windowMs: number }[]) => {
      made.push({ provider, windows });
      return new ScriptedGate(() => okAsync(0));
    };
    const defaults = { name: 'HeyReach', baseUrl: fake.baseUrl, headers: {}, rateLimits: [{ limit: 300, windowMs: 60_000 }] };
    await providerClient(defaults, { rateGate }).close();
    await providerClient(defaults, { rateGate, rateLimits: false }).close();
    expect(made).toEqual([{ provider: 'HeyReach', windows: [{ limit: 300, windowMs: 60_000 }] }]);
  });
});

describe('ProviderClient retry delay', () => {
  it('is jittered by the injected draw and never sooner than Retry-After', async () => {
    const draws = [0, 0.5, 0.99];
    const client = new ProviderClient({ name: 'Instantly', baseUrl: fake.baseUrl, headers: {}, rateLimits: [], baseBackoffMs: 200, random: () => draws.shift() ?? 0 });
    expect(client.retryDelayMs(2)).toBe(200); // step 400: half fixed, draw 0
    expect(client.retryDelayMs(2)).toBe(300);
    expect(client.retryDelayMs(2)).toBe(398);
    expect(client.retryDelayMs(1, 5_000)).toBe(5_000);
    expect(client.retryDelayMs(1, 60_000)).toBe(10_000);
    await client.close();
  });
});
