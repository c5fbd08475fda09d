import { addToDoNotContact, approveCard, doNotContactRows, importDoNotContact, parseSuppressionTarget, removeFromDoNotContact, type CardId } from '@caio/core';
import { aLead } from '@caio/testkit';
import { describe, expect, it } from 'vitest';
import { makeWorld, seedCard, traceOf } from './fixture.js';

describe('the do-not-contact list', () => {
  it.each([
    ['ada@acme.example', 'email:ada@acme.example'],
    ['https://www.linkedin.com/in/Ada/', 'linkedin:linkedin.com/in/ada'],
    ['Acme.example', 'domain:acme.example'],
    ['@acme.example', 'domain:acme.example'],
    ['domain:ACME.example', 'domain:acme.example'],
    ['ghl:Cx9', 'ghl:Cx9'],
  ])('reads %j as %s', (raw, target) => {
    expect(parseSuppressionTarget(raw)._unsafeUnwrap()).toBe(target);
  });

  it.each(['not an entry', 'fax:123', 'domain:-bad-', 'http://acme.example/page'])('refuses %j, naming it', (raw) => {
    expect(parseSuppressionTarget(raw)._unsafeUnwrapErr().message).toContain(JSON.stringify(raw.trim()).slice(0, 8));
  });

  it('adds an entry with reason, actor and time, audited; a second add keeps the first', async () => {
    const world = makeWorld();
    const added = (await addToDoNotContact(world.deps, { entry: 'acme.example', note: 'a customer' }, traceOf(world, 'ops:maria')))._unsafeUnwrap();
    expect(added).toMatchObject({ added: true, suppression: { target: 'domain:acme.example', reason: 'manual', source: 'operator', actor: 'ops:maria', note: 'a customer', at: world.clock.now().toISOString() } });
    const again = (await addToDoNotContact(world.deps, { entry: '@ACME.example', note: 'competitor' }, traceOf(world, 'ops:li')))._unsafeUnwrap();
    expect(again).toMatchObject({ added: false, suppression: { note: 'a customer' } });
    const audit = (await world.deps.store.listAudit({}))._unsafeUnwrap();
    expect(audit.filter((a) => a.action === 'suppression.added')).toHaveLength(1);
  });

  it('refuses an entry without a reason or of no known form, and changes nothing', async () => {
    const world = makeWorld();
    const before = world.memory.snapshot();
    expect((await addToDoNotContact(world.deps, { entry: 'ada@acme.example', note: '  ' }, traceOf(world)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ValidationError', field: 'reason' });
    expect((await addToDoNotContact(world.deps, { entry: 'phone:+1555', note: 'x' }, traceOf(world)))._unsafeUnwrapErr()).toMatchObject({ _tag: 'ValidationError', message: expect.stringContaining('phone:+1555') });
    expect(world.memory.snapshot()).toBe(before);
  });

  it('removes an entry, audited with the reason and what was removed; an absent entry is NotFound and changes nothing', async () => {
    const world = makeWorld();
    await addToDoNotContact(world.deps, { entry: 'ada@acme.example', note: 'asked us' }, traceOf(world));
    const removed = (await removeFromDoNotContact(world.deps, { entry: 'ADA@acme.example', note: 'added by mistake' }, traceOf(world, 'ops:li')))._unsafeUnwrap();
    expect(removed.target).toBe('email:ada@acme.example');
    const audit = (await world.deps.store.listAudit({}))._unsafeUnwrap().find((a) => a.action === 'suppression.removed');
    expect(audit).toMatchObject({ trace: { actor: 'ops:li' }, detail: { target: 'email:ada@acme.example', note: 'added by mistake', removed: { source: 'operator', note: 'asked us' } } });
    const before = world.memory.snapshot();
    expect((await removeFromDoNotContact(world.deps, { entry: 'ada@acme.example', note: 'again' }, traceOf(world)))._unsafeUnwrapErr()).toEqual({ _tag: 'NotFound', entity: 'suppression', id: 'email:ada@acme.example' });
    expect(world.memory.snapshot()).toBe(before);
  });

  it('imports a CSV only when every row is good, naming each bad row otherwise', async () => {
    const world = makeWorld();
    const rows = doNotContactRows([['entry', 'reason'], ['acme.example', 'customer'], ['', ''], ['nonsense', 'x'], ['bob@b.example', '']])._unsafeUnwrap();
    const before = world.memory.snapshot();
    const refused = (await importDoNotContact(world.deps, rows, traceOf(world)))._unsafeUnwrapErr();
    expect(refused._tag).toBe('ValidationError');
    const message = 'message' in refused ? refused.message : '';
    expect(message).toContain('row 3: entry');
    expect(message).toContain('row 4: reason');
    expect(message).not.toContain('row 1');
    expect(world.memory.snapshot()).toBe(before);
    const good = doNotContactRows([['Entry', 'Reason', 'extra'], ['acme.example', 'customer', ''], ['bob@b.example', 'asked', '']])._unsafeUnwrap();
    expect((await importDoNotContact(world.deps, good, traceOf(world)))._unsafeUnwrap()).toEqual({ added: 2, existing: 0 });
    expect((await importDoNotContact(world.deps, good, traceOf(world)))._unsafeUnwrap()).toEqual({ added: 0, existing: 2 });
    expect(doNotContactRows([['email', 'why']])._unsafeUnwrapErr().message).toContain('entry and reason');
  });

  it("denies a send to a lead whose company domain is on the list, with the named rule", async () => {
    const world = makeWorld();
    await world.deps.store.putLead(aLead('ada', { email: 'ada@gmail.example', companyDomain: 'acme.example' }), null);
    await seedCard(world, 'ada', 'card_1');
    await addToDoNotContact(world.deps, { entry: 'acme.example', note: 'a customer' }, traceOf(world));
    const result = (await approveCard(world.deps, { cardId: 'card_1' as CardId, trace: traceOf(world) }))._unsafeUnwrap();
    expect(result.send).toMatchObject({ _tag: 'Denied', denials: [expect.objectContaining({ rule: 'suppressed' })] });
    expect(world.channels.ghl_email.calls).toHaveLength(0);
  });
});
