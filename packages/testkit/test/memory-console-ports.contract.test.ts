import { DualQuarantineDecisions, DualUsers, MemoryQuarantineDecisions, MemoryUsers, type User } from '@caio/core';
import { quarantineDecisionsContract, usersContract } from '@caio/testkit/contracts';
import { describe, expect, it } from 'vitest';

usersContract('memory', async () => ({ users: new MemoryUsers() }), { shared: false });

usersContract(
  'dual (memory + memory, fallback write)',
  async () => {
    const primary = new MemoryUsers();
    const secondary = new MemoryUsers();
    return { users: new DualUsers(primary, secondary, { fallbackWrite: true }), reopen: async () => new DualUsers(primary, secondary, { fallbackWrite: true }) };
  },
  { shared: true },
);

describe('DualUsers', () => {
  const ada: User = { name: 'ada', role: 'admin', tokenSha256: 'a'.repeat(64), createdAt: '2026-12-01T09:00:00.000Z' };

  it('mirrors each change to the secondary with fallback write, and not without', async () => {
    const [primary, secondary] = [new MemoryUsers(), new MemoryUsers()];
    const dual = new DualUsers(primary, secondary, { fallbackWrite: true });
    await dual.addUser(ada);
    await dual.replaceUserToken('ada', 'b'.repeat(64), '2026-12-02T00:00:00.000Z');
    expect((await secondary.findUserByTokenSha256('b'.repeat(64)))._unsafeUnwrap()?.name).toBe('ada');
    await dual.removeUser('ada');
    expect((await secondary.listUsers())._unsafeUnwrap()).toEqual([]);

    const off = new DualUsers(primary, secondary, { fallbackWrite: false });
    await off.addUser(ada);
    expect((await secondary.listUsers())._unsafeUnwrap()).toEqual([]);
  });

  it('names a user the secondary missed, and a rotation repairs it', async () => {
    const [primary, secondary] = [new MemoryUsers(), new MemoryUsers()];
    await secondary.addUser({ ...ada, tokenSha256: 'c'.repeat(64) });
    const dual = new DualUsers(primary, secondary, { fallbackWrite: true });
    // The secondary refuses (the name is taken there): the primary took it, the miss is named.
    expect((await dual.addUser(ada)).isOk()).toBe(true);
    expect(dual.unmirrored()).toEqual(['ada']);
    await dual.replaceUserToken('ada', 'd'.repeat(64), '2026-12-02T00:00:00.000Z');
    expect(dual.unmirrored()).toEqual([]);
    expect((await secondary.findUserByTokenSha256('d'.repeat(64)))._unsafeUnwrap()?.name).toBe('ada');
  });
});

quarantineDecisionsContract('memory', async () => ({ decisions: new MemoryQuarantineDecisions() }), { shared: false });
quarantineDecisionsContract(
  'dual (memory + memory, fallback write)',
  async () => {
    const [primary, secondary] = [new MemoryQuarantineDecisions(), new MemoryQuarantineDecisions()];
    return { decisions: new DualQuarantineDecisions(primary, secondary, { fallbackWrite: true }), reopen: async () => new DualQuarantineDecisions(primary, secondary, { fallbackWrite: true }) };
  },
  { shared: true },
);
