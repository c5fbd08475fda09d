import { recordReplayGate, replayPassRateFor, setEmergencyStop, setPause, type ReplayGateResult } from '@caio/core';
import { describe, expect, it } from 'vitest';
import { makeWorld, traceOf } from './fixture.js';

const result = (overrides: Partial<ReplayGateResult> = {}): ReplayGateResult => ({ passRate: 0.97, cases: 60, at: '2026-03-02T20:00:00.000Z', version: '0.1.0+abc123def456', ...overrides });

describe('the replay gate result in the controls', () => {
  it('is recorded, audited, and counts only for the version that recorded it', async () => {
    const world = makeWorld();
    const controls = (await recordReplayGate(world.deps, { result: result(), trace: traceOf(world, 'cli:ops') }))._unsafeUnwrap();
    expect(controls.replayGate).toEqual(result());
    const stored = (await world.deps.store.getControls())._unsafeUnwrap();
    expect(replayPassRateFor(stored.replayGate, '0.1.0+abc123def456')).toBe(0.97);
    expect(replayPassRateFor(stored.replayGate, '0.1.0+000000000000')).toBeNull();
    expect(replayPassRateFor(undefined, '0.1.0+abc123def456')).toBeNull();
    const audit = (await world.deps.store.listAudit({ limit: 10 }))._unsafeUnwrap();
    expect(audit.find((e) => e.action === 'replay.recorded')).toMatchObject({ trace: { actor: 'cli:ops' }, detail: { passRate: 0.97, cases: 60, version: '0.1.0+abc123def456' } });
  });

  it('a failing run replaces a passing one', async () => {
    const world = makeWorld();
    await recordReplayGate(world.deps, { result: result({ passRate: 1 }), trace: traceOf(world) });
    await recordReplayGate(world.deps, { result: result({ passRate: 0.4 }), trace: traceOf(world) });
    expect((await world.deps.store.getControls())._unsafeUnwrap().replayGate?.passRate).toBe(0.4);
  });

  it.each([
    ['a rate above 1', { passRate: 1.2 }, 'passRate'],
    ['a rate that is not a number', { passRate: Number.NaN }, 'passRate'],
    ['no cases', { cases: 0 }, 'cases'],
    ['no version', { version: ' ' }, 'version'],
  ])('refuses %s and changes nothing', async (_name, overrides, field) => {
    const world = makeWorld();
    const before = (await world.deps.store.getControls())._unsafeUnwrap();
    const refused = await recordReplayGate(world.deps, { result: result(overrides), trace: traceOf(world) });
    expect(refused._unsafeUnwrapErr()).toMatchObject({ _tag: 'ValidationError', field });
    expect((await world.deps.store.getControls())._unsafeUnwrap()).toEqual(before);
  });
});

describe('concurrent changes to different controls', () => {
  it('never undo each other: each re-reads and applies on top of the other', async () => {
    const world = makeWorld();
    await Promise.all([
      setEmergencyStop(world.deps, { engaged: true, reason: 'drill', trace: traceOf(world, 'ops') }),
      setPause(world.deps, { target: { channel: 'heyreach' }, paused: true, reason: 'provider incident', trace: traceOf(world, 'ops') }),
      recordReplayGate(world.deps, { result: result(), trace: traceOf(world, 'ci') }),
      setPause(world.deps, { target: { campaignId: 'cmp-1' }, paused: true, reason: 'copy review', trace: traceOf(world, 'ops') }),
    ]);
    const controls = (await world.deps.store.getControls())._unsafeUnwrap();
    expect(controls).toMatchObject({ emergencyStop: { engaged: true }, pausedChannels: ['heyreach'], pausedCampaigns: ['cmp-1'], replayGate: result(), version: 4 });
  });
});
