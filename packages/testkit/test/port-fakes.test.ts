import { DEFAULT_QUALITY_CONFIG, runQualityGate } from '@caio/core';
import { aLead, InMemoryContactResolver, ScriptedCardCrafter } from '@caio/testkit';
import { describe, expect, it } from 'vitest';

describe('in-memory port fakes', () => {
  it('resolves one contact per e-mail, creating it once', async () => {
    const resolver = new InMemoryContactResolver();
    const first = (await resolver.resolve(aLead('ada')))._unsafeUnwrap();
    const again = (await resolver.resolve(aLead('ada')))._unsafeUnwrap();
    expect([first.created, again.created, again.contactId === first.contactId]).toEqual([true, false, true]);
    expect((await resolver.resolve(aLead('bob', { email: null })))._unsafeUnwrapErr()._tag).toBe('SendRejected');
  });

  it('crafts drafts that pass the quality gate, scripted ones, and scripted failures', async () => {
    const crafter = new ScriptedCardCrafter();
    const draft = (await crafter.craft({ lead: aLead('ada'), channel: 'ghl_email', step: 0 }))._unsafeUnwrap();
    expect(runQualityGate(draft, DEFAULT_QUALITY_CONFIG).passed).toBe(true);
    crafter.scripted.set('bob', { body: '{{first_name}}' });
    expect((await crafter.craft({ lead: aLead('bob'), channel: 'ghl_email', step: 0 }))._unsafeUnwrap().body).toBe('{{first_name}}');
    crafter.failFor.add('cy');
    expect((await crafter.craft({ lead: aLead('cy'), channel: 'ghl_email', step: 0 }))._unsafeUnwrapErr()._tag).toBe('CraftError');
    expect(crafter.requests).toHaveLength(3);
  });
});
