/**
 * The quality gate's verdict on a drafted card. Each hit names the check and what
 * it found, so a reviewer (and the quality report) sees why a card was held back.
 *
 * @category model
 */
export const QUALITY_CHECKS = [
  'weak_opener',
  'raw_data_literal',
  'unresolved_placeholder',
  'empty_subject',
  'too_long',
  'too_short',
] as const;
export type QualityCheck = (typeof QUALITY_CHECKS)[number];

export interface QualityHit {
  readonly check: QualityCheck;
  readonly field: 'subject' | 'body' | 'opener';
  readonly detail: string;
}

export interface QualityReport {
  readonly passed: boolean;
  readonly hits: readonly QualityHit[];
}

export const qualityPassed: QualityReport = { passed: true, hits: [] };
