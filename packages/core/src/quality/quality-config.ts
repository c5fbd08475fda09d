/**
 * What the quality gate looks for. Phrase lists are matched case-insensitively; every
 * list and limit is configurable per deployment.
 *
 * @category model
 */
export interface QualityConfig {
  readonly weakOpenerPhrases: readonly string[];
  readonly minBodyLength: number;
  readonly maxBodyLength: number;
  readonly maxSubjectLength: number;
  readonly maxOpenerLength: number;
}

export const DEFAULT_QUALITY_CONFIG: QualityConfig = {
  weakOpenerPhrases: [
    'i hope this finds you well',
    'i hope this email finds you well',
    'hope you are doing well',
    "hope you're doing well",
    'hope all is well',
    'i came across your profile',
    'i wanted to reach out',
    'i am reaching out',
    "i'm reaching out",
    'just following up',
    'just checking in',
    'quick question',
    'my name is',
    'i noticed that you',
    'touching base',
  ],
  minBodyLength: 40,
  maxBodyLength: 1200,
  maxSubjectLength: 80,
  maxOpenerLength: 240,
};
