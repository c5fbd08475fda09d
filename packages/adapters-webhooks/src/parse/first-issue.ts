import type { z } from 'zod';

/** The first schema issue as `path message`, for a rejection reason (never the offending value). */
export const firstIssue = (error: z.ZodError): string => {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
};
