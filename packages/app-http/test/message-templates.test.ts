import { DEFAULT_QUALITY_CONFIG, runQualityGate } from '@caio/core';
import { aLead } from '@caio/testkit';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfiguration } from '../src/composition/load-configuration.js';
import { TemplateCrafter } from '../src/crafting/template-crafter.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const templatesDir = (files: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-templates-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};
const env = (dir: string) => {
  const state = mkdtempSync(join(tmpdir(), 'caio-templates-state-'));
  dirs.push(state);
  return { STATE_DIR: state, DASHBOARD_AUTH_TOKEN: 'a-dashboard-token-of-enough-length-0123', TEMPLATES_DIR: dir };
};

describe('message templates (TEMPLATES_DIR)', () => {
  it('refuses to start on an unknown placeholder, naming the template and the line', async () => {
    const dir = templatesDir({
      'ghl_email.txt': 'Subject: An idea for {{company}}\n\nHi {{first_name}},\n{{opener}} Our {{produkt}} helps.\n',
      'heyreach.txt': 'Hi [FIRST NAME], {{opener_inline}}\n',
      'fax.txt': 'Hello',
    });
    const problems = (await loadConfiguration(env(dir)))._unsafeUnwrapErr();
    expect(problems.every((p) => p.variable === 'TEMPLATES_DIR')).toBe(true);
    const text = problems.map((p) => p.message).join('\n');
    expect(text).toContain('ghl_email.txt line 4: unknown placeholder {{produkt}}');
    expect(text).toContain('heyreach.txt line 1: [FIRST NAME] is not a placeholder this crafter fills');
    expect(text).toContain('fax.txt: not a template name');
  });

  it('an e-mail template needs a subject, a LinkedIn one has none', async () => {
    const dir = templatesDir({ 'instantly.txt': 'Hi {{first_name}}\n', 'heyreach.follow-up.txt': 'Subject: hello\n\nHi {{first_name}}\n' });
    const text = (await loadConfiguration(env(dir)))._unsafeUnwrapErr().map((p) => p.message).join('\n');
    expect(text).toContain('instantly.txt line 1: an e-mail template starts with "Subject: ..."');
    expect(text).toContain('heyreach.follow-up.txt line 1: a LinkedIn message has no subject');
  });

  it('crafts with the campaign template, else the channel template, else the built-in copy', async () => {
    const dir = templatesDir({
      'instantly--cmp_a.txt': 'Subject: {{first_name}}, a thought on {{company}}\n\n{{opener}} Could {{company}} use a second pair of eyes on outbound?\n',
      'ghl_email.txt': 'Subject: Quick question, {{first_name}}\n\nHello {{first_name}} ({{title}}), {{opener_inline}} Open to a chat?\n',
    });
    const loaded = (await loadConfiguration(env(dir)))._unsafeUnwrap();
    const crafter = new TemplateCrafter(loaded.templates);
    const lead = aLead('ada', { company: 'Acme', firstName: 'Ada', title: 'CTO', signals: { tech: ['Segment'] } });
    const campaign = (await crafter.craft({ lead, channel: 'instantly', step: 0, campaignId: 'cmp_a' }))._unsafeUnwrap();
    expect(campaign.subject).toBe('Ada, a thought on Acme');
    expect(campaign.body).toBe('Noticed Acme already uses Segment, which usually makes implementation move faster. Could Acme use a second pair of eyes on outbound?');
    const channel = (await crafter.craft({ lead, channel: 'ghl_email', step: 0 }))._unsafeUnwrap();
    expect(channel.subject).toBe('Quick question, Ada');
    expect(channel.body).toBe('Hello Ada (CTO), noticed Acme already uses Segment, which usually makes implementation move faster. Open to a chat?');
    const builtIn = (await crafter.craft({ lead, channel: 'instantly', step: 0, campaignId: 'cmp_other' }))._unsafeUnwrap();
    expect(builtIn.subject).toBe('An idea for Acme');
    for (const draft of [campaign, channel, builtIn]) expect(runQualityGate(draft, DEFAULT_QUALITY_CONFIG).passed).toBe(true);
  });
});
