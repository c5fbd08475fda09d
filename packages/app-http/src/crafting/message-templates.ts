import { channelIsEmail, CHANNELS, type Channel } from '@caio/core';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from 'neverthrow';

/** What a template may say; the crafter fills each from the lead (`opener_inline` is the opener inside a sentence). */
export const TEMPLATE_PLACEHOLDERS = ['first_name', 'last_name', 'company', 'title', 'opener', 'opener_inline'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export type TemplateStep = 'first' | 'follow-up';

/** One message copy: a subject (e-mail channels) and a body, with `{{placeholders}}`. */
export interface MessageTemplate {
  readonly name: string;
  readonly subject?: string;
  readonly body: string;
}

/** Templates by channel, campaign (or none: the channel's default) and step. */
export type TemplateSet = ReadonlyMap<string, MessageTemplate>;

const keyOf = (channel: Channel, campaign: string | undefined, step: TemplateStep): string => `${channel}|${campaign ?? ''}|${step}`;

/** The most specific template: the campaign's, else the channel's. */
export const pickTemplate = (set: TemplateSet, channel: Channel, campaign: string | undefined, step: number): MessageTemplate | undefined => {
  const kind: TemplateStep = step > 0 ? 'follow-up' : 'first';
  return (campaign !== undefined ? set.get(keyOf(channel, campaign, kind)) : undefined) ?? set.get(keyOf(channel, undefined, kind));
};

/** Fills the placeholders (a validated template names only known ones). */
export const renderTemplate = (text: string, values: Readonly<Record<TemplatePlaceholder, string>>): string => text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name: string) => values[name as TemplatePlaceholder] ?? '');

// Token shapes the quality gate calls unresolved placeholders: a template must use none but {{known}}.
const OTHER_TOKENS = [/\{[a-z_][\w.]*\}/i, /\[[A-Z][A-Z _]{2,}\]/, /%[A-Z_]{3,}%/];

/** Why a template text is refused, each problem with its line. */
const problemsOf = (name: string, text: string): string[] => {
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(match[1] ?? '')) problems.push(`${name} line ${i + 1}: unknown placeholder ${match[0]} (known: ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`);
    }
    const rest = line.replace(/\{\{[^}]*\}\}/g, '');
    for (const pattern of OTHER_TOKENS) {
      const found = pattern.exec(rest);
      if (found) problems.push(`${name} line ${i + 1}: ${found[0]} is not a placeholder this crafter fills (write {{name}})`);
    }
  });
  return problems;
};

/** Parses one template file: an optional `Subject:` first line, a blank line, then the body. */
export const parseTemplate = (name: string, text: string, channel: Channel): Result<MessageTemplate, string[]> => {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const subjectLine = /^subject:\s*(.*)$/i.exec(lines[0] ?? '');
  const subject = subjectLine ? subjectLine[1]!.trim() : undefined;
  const body = (subjectLine ? lines.slice(1) : lines).join('\n').trim();
  const problems = problemsOf(name, text);
  if (!body) problems.push(`${name}: the body is empty`);
  if (channelIsEmail(channel) && !subject) problems.push(`${name} line 1: an e-mail template starts with "Subject: ..."`);
  if (!channelIsEmail(channel) && subject) problems.push(`${name} line 1: a LinkedIn message has no subject`);
  return problems.length ? err(problems) : ok({ name, ...(subject ? { subject } : {}), body });
};

// <channel>[--<campaign>][.follow-up].txt
const FILE_NAME = /^([a-z_]+)(?:--([A-Za-z0-9_.:-]+?))?(\.follow-up)?\.txt$/;

/**
 * Loads `TEMPLATES_DIR` over the built-in copy: `<channel>.txt` (first touch), `<channel>.follow-up.txt`,
 * and `<channel>--<campaign>.txt` / `.follow-up.txt` for one campaign. Every problem is
 * returned at once (file, line, what is wrong), so the app refuses to start on a bad one.
 */
export const loadTemplates = async (dir: string, base: TemplateSet): Promise<Result<TemplateSet, string[]>> => {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch (error) {
    return err([`${dir}: ${(error as Error).message}`]);
  }
  const set = new Map(base);
  const problems: string[] = [];
  for (const name of names) {
    const match = FILE_NAME.exec(name);
    const channel = CHANNELS.find((c) => c === match?.[1]);
    if (!match || !channel) {
      problems.push(`${name}: not a template name (<channel>[--<campaign>][.follow-up].txt, channel one of ${CHANNELS.join(', ')})`);
      continue;
    }
    const parsed = parseTemplate(name, await readFile(join(dir, name), 'utf8'), channel);
    if (parsed.isErr()) problems.push(...parsed.error);
    else set.set(keyOf(channel, match[2], match[3] ? 'follow-up' : 'first'), parsed.value);
  }
  return problems.length ? err(problems) : ok(set);
};

/** The built-in copy (used for anything TEMPLATES_DIR does not override). */
export const DEFAULT_TEMPLATES: TemplateSet = new Map(
  CHANNELS.flatMap((channel) => {
    const email = channelIsEmail(channel);
    const first: MessageTemplate = {
      name: `built-in ${channel}`,
      ...(email ? { subject: 'An idea for {{company}}' } : {}),
      body: 'Hi {{first_name}}, {{opener_inline}} We help teams like {{company}} turn that into more qualified meetings without adding headcount. Worth a short call next week?',
    };
    const followUp: MessageTemplate = {
      name: `built-in ${channel} follow-up`,
      ...(email ? { subject: 'Re: an idea for {{company}}' } : {}),
      body: 'Hi {{first_name}}, {{opener_inline}} If improving reply rates is on your list this quarter, happy to share what worked for similar teams.',
    };
    return [
      [keyOf(channel, undefined, 'first'), first],
      [keyOf(channel, undefined, 'follow-up'), followUp],
    ] as const;
  }),
);
