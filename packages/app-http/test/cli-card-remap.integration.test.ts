import { aCard, aLead } from '@caio/testkit';
import { describe, expect, it } from 'vitest';
import { caio, fileStoreEnv, withCore } from './support/cli.js';

describe('caio card remap', () => {
  it('returns a separated card to pending with a campaign the sandbox lists; refuses an unlisted one', async () => {
    const env = fileStoreEnv();
    const campaign = await withCore(env, async ({ deps }) => {
      const lead = aLead('lead_sep');
      await deps.store.putLead(lead, null);
      await deps.store.putCard({ ...aCard('card_sep', lead, { channel: 'instantly', campaignId: 'cmp-gone' }), status: 'separated' }, null);
      return [...(deps.campaigns().instantly ?? [])][0]!;
    });
    expect(await caio(['card', 'remap', 'card_sep', '--campaign', 'cmp-nope'], env)).toMatchObject({ code: 1, err: 'not re-mapped: cmp-nope is not a campaign instantly lists\n' });
    expect((await caio(['card', 'remap', 'card_sep', '--campaign', campaign], env)).out).toBe(`card_sep is pending again, campaign ${campaign}\n`);
    expect((await caio(['card', 'remap', 'card_sep', '--campaign', campaign], env)).err).toBe('not re-mapped: the card is pending, not separated\n');
    expect((await caio(['card', 'remap', '--campaign', campaign], env)).code).toBe(2);
  });
});
