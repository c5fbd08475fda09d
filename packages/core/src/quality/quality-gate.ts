import type { CardDraft } from '../card/card.js';
import { channelIsEmail, type ChannelRegistry } from '../channels/channel-registry.js';
import type { QualityConfig } from './quality-config.js';
import type { QualityHit, QualityReport } from './quality-report.js';

// A serialised dict or list that leaked into prose: {'k': 'v'}, {"a": 1}, ['x', 'y'], ["x"].
const RAW_LITERAL = /\{\s*['"][^'"]*['"]\s*:|\[\s*['"][^'"\]]*['"]\s*(?:,\s*['"][^'"\]]*['"]\s*)*\]/;
// Template tokens left unresolved: {{first_name}}, {first_name}, [FIRST NAME], <company>, %FIRSTNAME%.
const PLACEHOLDERS: readonly RegExp[] = [/\{\{\s*[\w. -]+\s*\}\}/, /\{[a-z_][\w.]*\}/i, /\[[A-Z][A-Z _]{2,}\]/, /<[a-z_]+(?:_[a-z]+)*>/, /%[A-Z_]{3,}%/];

type Field = QualityHit['field'];

const check = (field: Field, text: string, config: QualityConfig): QualityHit[] => {
  const hits: QualityHit[] = [];
  const literal = RAW_LITERAL.exec(text);
  if (literal) hits.push({ check: 'raw_data_literal', field, detail: `raw data literal in text: ${literal[0].slice(0, 60)}` });
  for (const pattern of PLACEHOLDERS) {
    const found = pattern.exec(text);
    if (found) {
      hits.push({ check: 'unresolved_placeholder', field, detail: `unresolved placeholder ${found[0]}` });
      break;
    }
  }
  if (field !== 'subject') {
    const lower = text.toLowerCase();
    const weak = config.weakOpenerPhrases.find((p) => (field === 'opener' ? lower.includes(p) : lower.trimStart().startsWith(p) || lower.replace(/^(hi|hello|hey|dear)\s+[^,]*,\s*/, '').startsWith(p)));
    if (weak) hits.push({ check: 'weak_opener', field, detail: `weak opener "${weak}"` });
  }
  return hits;
};

/**
 * Checks a drafted card before it reaches review: weak openers, raw data-structure
 * literals, unresolved placeholders, an empty e-mail subject and length limits. A card
 * with any hit fails (and the send policy denies it).
 *
 * @category model
 */
export const runQualityGate = (draft: Pick<CardDraft, 'channel' | 'subject' | 'body' | 'opener'>, config: QualityConfig, channels?: ChannelRegistry): QualityReport => {
  const hits: QualityHit[] = [...check('opener', draft.opener, config), ...check('body', draft.body, config)];
  // An e-mail channel (per the registry; default the built-ins) needs a subject.
  if (channelIsEmail(draft.channel, channels)) {
    const subject = draft.subject?.trim() ?? '';
    if (!subject) hits.push({ check: 'empty_subject', field: 'subject', detail: 'an e-mail needs a subject' });
    else {
      hits.push(...check('subject', subject, config));
      if (subject.length > config.maxSubjectLength) hits.push({ check: 'too_long', field: 'subject', detail: `subject is ${subject.length} characters (max ${config.maxSubjectLength})` });
    }
  }
  const body = draft.body.trim();
  if (body.length < config.minBodyLength) hits.push({ check: 'too_short', field: 'body', detail: `body is ${body.length} characters (min ${config.minBodyLength})` });
  if (body.length > config.maxBodyLength) hits.push({ check: 'too_long', field: 'body', detail: `body is ${body.length} characters (max ${config.maxBodyLength})` });
  if (draft.opener.length > config.maxOpenerLength) hits.push({ check: 'too_long', field: 'opener', detail: `opener is ${draft.opener.length} characters (max ${config.maxOpenerLength})` });
  // One hit per check and field is enough for a reviewer.
  const unique = hits.filter((h, i) => hits.findIndex((o) => o.check === h.check && o.field === h.field) === i);
  return { passed: unique.length === 0, hits: unique };
};
