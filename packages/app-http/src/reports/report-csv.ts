import type { DeliveryReport } from '@caio/core';

const METRICS = ['sent', 'delivered', 'opened', 'clicked', 'replied', 'bounced', 'unsubscribed', 'rejected', 'edited'] as const;

// RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled.
const cell = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The report as CSV: one line per day, channel and campaign, the counts, then one
 * `rejected_<tag>` column per taxonomy tag (and any other tag found), CRLF line ends.
 */
export const reportCsv = (report: DeliveryReport, taxonomyTags: readonly string[]): string => {
  const tags = [...new Set([...taxonomyTags, ...report.rows.flatMap((r) => Object.keys(r.rejectedByTag))])];
  const header = ['day', 'channel', 'campaign', ...METRICS, ...tags.map((t) => `rejected_${t}`)];
  const lines = report.rows.map((r) => [r.day, r.channel, r.campaign, ...METRICS.map((m) => r[m]), ...tags.map((t) => r.rejectedByTag[t] ?? 0)].map(cell).join(','));
  return `${[header.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
};
