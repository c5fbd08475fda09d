/** Providers retry for days (Stripe: 3); keep event ids longer than any retry horizon. */
export const DEFAULT_INBOX_RETENTION_DAYS = 7;
