/**
 * Signal lists read as prose: "6sense", "6sense and Adobe", "6sense, Adobe and Marketo".
 *
 * @category model
 */
export const signalsToProse = (values: readonly string[]): string => {
  const items = values.map((v) => v.trim()).filter(Boolean);
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
};

const parseLiteral = (text: string): unknown => {
  // Python-style literals ('a', True) are common in CRM exports; make them JSON first.
  const jsonish = text.replace(/'([^'\\]*)'/g, (_m, s: string) => JSON.stringify(s)).replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null');
  try {
    return JSON.parse(jsonish) as unknown;
  } catch {
    return undefined;
  }
};

const flatten = (value: unknown): string[] => {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (typeof value === 'object') return Object.values(value).flatMap(flatten);
  return [String(value)];
};

/**
 * Turns whatever a data source put in a personalisation field into prose: real arrays,
 * stringified lists (`"['6sense', 'Adobe']"`), JSON arrays and dicts become
 * "6sense and Adobe"; plain text is trimmed with whitespace collapsed. The tracker's fix:
 * a raw literal must never reach a message.
 *
 * @category model
 */
export const normalisePersonalization = (raw: unknown): string => {
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (/^[[{]/.test(text)) {
      const parsed = parseLiteral(text);
      if (parsed !== undefined) return signalsToProse(flatten(parsed));
    }
    return text.replace(/\s+/g, ' ');
  }
  return signalsToProse(flatten(raw));
};
