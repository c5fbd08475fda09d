import { aLead } from '@caio/testkit';
import { describe, expect, it } from 'vitest';
import { pageTopic } from '../src/crafting/page-topic.js';
import { TemplateCrafter } from '../src/crafting/template-crafter.js';

describe('page visits as human topics', () => {
  it('names known pages and readable paths, never a raw path or query', () => {
    expect(pageTopic('https://ourapp.com/pricing')).toBe('pricing');
    expect(pageTopic('https://ourapp.com/en-us/pricing/?utm_source=x#plans')).toBe('pricing');
    expect(pageTopic('/customers/acme-case-study')).toBe('customer stories');
    expect(pageTopic('https://ourapp.com/solutions/revenue-operations')).toBe('revenue operations');
    expect(pageTopic('https://ourapp.com/')).toBeNull();
    expect(pageTopic('https://ourapp.com/p/8f3a9c2e11')).toBeNull();
    expect(pageTopic('https://ourapp.com/%E0%A4%A')).toBeNull();
  });

  it('the opener of a visitor says the topic, never the path; an unreadable visit is no signal', async () => {
    const crafter = new TemplateCrafter();
    const visitor = aLead('vis', { signals: { page_visited: 'https://caio.example/pricing?ref=ad' }, company: 'Initech' });
    const draft = (await crafter.craft({ lead: visitor, channel: 'ghl_email', step: 0 }))._unsafeUnwrap();
    expect(draft.opener).toBe('Noticed someone at Initech was looking into pricing on our site.');
    expect(draft.body).not.toMatch(/\/pricing|https?:|\?ref/);
    const opaque = aLead('opaque', { signals: { page_visited: 'https://caio.example/p/8f3a9c2e11' } });
    expect((await crafter.craft({ lead: opaque, channel: 'ghl_email', step: 0 }))._unsafeUnwrapErr().message).toContain('no signal');
  });
});
