/**
 * The three roles of the operator console, each allowed what the one before it is, and
 * more: `reviewer` < `operator` < `admin`.
 *
 * @category model
 */
export const ROLES = ['reviewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** True when `role` may do what `needed` may. */
export const roleAtLeast = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);
