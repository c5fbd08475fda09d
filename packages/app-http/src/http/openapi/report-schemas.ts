import { z } from 'zod';

// Response schema of the delivery report, in zod like `response-schemas.ts`: responses
// are serialised through it and the OpenAPI document is generated from it.

const count = z.number().int();

export const deliveryReportResponse = z.object({
  from: z.string().describe('YYYY-MM-DD'),
  to: z.string().describe('YYYY-MM-DD'),
  rows: z.array(
    z.object({
      day: z.string().describe('YYYY-MM-DD (UTC)'),
      channel: z.string(),
      campaign: z.string().describe('- for sends without a campaign (GHL)'),
      sent: count,
      delivered: count,
      opened: count,
      clicked: count,
      replied: count,
      bounced: count,
      unsubscribed: count,
      rejected: count,
      rejectedByTag: z.record(z.string(), count),
      edited: count,
    }),
  ),
  complete: z.boolean().describe('false when the audit window read did not reach back to `from` (older events are missing)'),
});

/** `format=csv`: the same rows as a CSV file (served as an attachment). */
export const deliveryReportCsv = z.string().describe('CSV: a header line, then one line per day, channel and campaign');
