/** ISO 8601 date-time with seconds and an explicit zone; V8's Date.parse alone accepts far too much (`"1"` is 2001). */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * The instant a provider's date text names, as ISO, when it is a well-formed ISO 8601
 * date-time; otherwise the fallback (the time of receipt). Never throws.
 *
 * @category adapters
 */
export const instantOr = (text: string | null | undefined, fallback: Date): string => {
  const ms = text && ISO_INSTANT.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? fallback.toISOString() : new Date(ms).toISOString();
};
