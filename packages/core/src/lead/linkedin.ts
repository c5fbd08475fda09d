import { err, ok, type Result } from 'neverthrow';
import type { Brand } from '../shared/brand.js';
import { validationError, type ValidationError } from '../shared/validation-error.js';

/**
 * A canonical LinkedIn profile, `linkedin.com/in/<slug>` with a lower-cased slug:
 * the other identity key of a lead. Every variant a user pastes maps to one value.
 *
 * @category model
 */
export type LinkedInProfile = Brand<string, 'LinkedInProfile'>;

// Accepts: optional scheme, optional `www.` or a country/language sub-domain
// (`uk.`, `de.`, `mobile.`...), `/in/<slug>` with anything after the slug ignored.
const PROFILE_PATTERN = /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)*linkedin\.com\/in\/([^/?#\s]+)(?:[/?#].*)?$/i;

export const parseLinkedInProfile = (raw: string): Result<LinkedInProfile, ValidationError> => {
  const trimmed = raw.trim();
  const match = PROFILE_PATTERN.exec(trimmed);
  if (!match?.[1]) {
    return err(validationError('linkedin', `is not a LinkedIn profile URL (/in/<slug>): ${JSON.stringify(trimmed.slice(0, 80))}`));
  }
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]);
  } catch {
    return err(validationError('linkedin', 'has a malformed percent-encoded slug'));
  }
  slug = slug.trim().toLowerCase();
  if (slug.length === 0 || slug.length > 100 || /[\s/]/.test(slug)) {
    return err(validationError('linkedin', 'has an empty or malformed profile slug'));
  }
  return ok(`linkedin.com/in/${slug}` as LinkedInProfile);
};

/** The URL form providers expect (HeyReach adds a trailing slash). */
export const linkedInUrl = (profile: LinkedInProfile): string => `https://www.${profile}/`;
