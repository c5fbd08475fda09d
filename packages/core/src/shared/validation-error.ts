/**
 * The error every smart constructor returns: which field, and why it was refused.
 *
 * @category errors
 */
export interface ValidationError {
  readonly _tag: 'ValidationError';
  readonly field: string;
  readonly message: string;
}

export const validationError = (field: string, message: string): ValidationError => ({
  _tag: 'ValidationError',
  field,
  message,
});
