import type { ResultAsync } from 'neverthrow';
import { token } from '../shared/token.js';
import type { LockManager } from './lock-manager.js';
import type { StoreError } from './store-error.js';

/** Who holds a lease (as they named themselves when acquiring it) and until when. @category model */
export interface LeaseHolder {
  /** The holder's name given to `acquire`, or null when it gave none. */
  readonly holder: string | null;
  readonly expiresAt: string;
}

/**
 * Tells who holds a lease, so a refusal can say who is working on something and when a
 * crashed holder's lease runs out (a batch answered `BatchBusy` names them), instead of
 * leaving the operator to guess. Read-only; lock managers implement it next to
 * `LockManager`.
 *
 * @category ports
 */
export interface LeaseInspector {
  /** The live lease on `resource`, or null when nobody holds it. */
  inspect(resource: string): ResultAsync<LeaseHolder | null, StoreError>;
}
export const LeaseInspector = token<LeaseInspector>('LeaseInspector');

/** True when this lock manager can also say who holds a lease. */
export const canInspectLeases = (locks: LockManager): locks is LockManager & LeaseInspector => typeof (locks as Partial<LeaseInspector>).inspect === 'function';

const SEPARATOR = '~';

/**
 * A lease token that carries its holder's name before the random part, so every adapter
 * can answer `inspect` from the value it already stores (the random part alone proves
 * ownership for renew and release, as before).
 */
export const holderToken = (holder: string | undefined, random: string): string =>
  holder ? `${holder.replace(/[^A-Za-z0-9 _.:@()/-]/g, '_').slice(0, 160)}${SEPARATOR}${random}` : random;

/** The holder's name inside a token made by `holderToken`, or null. */
export const holderOfToken = (value: string): string | null => (value.includes(SEPARATOR) ? value.slice(0, value.lastIndexOf(SEPARATOR)) : null);
