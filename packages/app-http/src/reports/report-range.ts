import { z } from 'zod';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z.string().regex(DAY, 'must be YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a date');

/** The report's days, parsed where they enter (query string, command line): at most 366 days, `from` <= `to`. */
export const reportRangeSchema = z
  .object({ from: day.optional(), to: day.optional() })
  .transform((r, ctx) => {
    const to = r.to ?? new Date().toISOString().slice(0, 10);
    const from = r.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    if (from > to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is after `to`' });
    else if (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) > 365 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['from'], message: 'the range is longer than 366 days' });
    return { from, to };
  });
