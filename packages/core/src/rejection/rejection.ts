import { err, ok, type Result } from 'neverthrow';
import { validationError, type ValidationError } from '../shared/validation-error.js';

/**
 * The reviewer's structured "no": a tag from a configurable taxonomy plus a written
 * reason. Rejections feed the learning-loop report.
 *
 * @category model
 */
export interface Rejection {
  readonly tag: string;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface RejectionTaxonomy {
  readonly tags: readonly string[];
  readonly minReasonLength: number;
}

export const DEFAULT_REJECTION_TAXONOMY: RejectionTaxonomy = {
  tags: ['weak_personalization', 'wrong_persona', 'factual_error', 'tone', 'formatting', 'compliance', 'duplicate', 'timing', 'other'],
  minReasonLength: 10,
};

export const parseRejection = (
  taxonomy: RejectionTaxonomy,
  input: { tag: string; reason: string; by: string; at: string },
): Result<Rejection, ValidationError> => {
  const tag = input.tag.trim();
  if (!taxonomy.tags.includes(tag)) return err(validationError('tag', `must be one of ${taxonomy.tags.join(', ')}`));
  const reason = input.reason.trim();
  if (reason.length < taxonomy.minReasonLength) {
    return err(validationError('reason', `must be at least ${taxonomy.minReasonLength} characters`));
  }
  return ok({ tag, reason, by: input.by, at: input.at });
};
