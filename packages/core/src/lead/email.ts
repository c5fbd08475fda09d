import { err, ok, type Result } from 'neverthrow';
import type { Brand } from '../shared/brand.js';
import { validationError, type ValidationError } from '../shared/validation-error.js';

/** A trimmed, lower-cased e-mail address: one identity key of a lead. @category model */
export type Email = Brand<string, 'Email'>;

// Deliberately plain: one @, a dot in the domain, no spaces. Providers validate further.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const parseEmail = (raw: string): Result<Email, ValidationError> => {
  const normalised = raw.trim().toLowerCase();
  if (normalised.length === 0) return err(validationError('email', 'is empty'));
  if (normalised.length > 254) return err(validationError('email', 'is longer than 254 characters'));
  if (!EMAIL_PATTERN.test(normalised)) return err(validationError('email', `is not an e-mail address: ${JSON.stringify(raw.slice(0, 60))}`));
  return ok(normalised as Email);
};

/** The domain part of an address, for domain-wide suppression. */
export const emailDomain = (email: Email): string => email.slice(email.lastIndexOf('@') + 1);
