import type { Role } from './role.js';

/**
 * Who may do what: each action with the least role that may do it. The one table the
 * HTTP routes, the CLI and docs/operations.md follow; a route names its action, never a
 * role, so moving an action to another role is one line here.
 *
 * @category model
 */
export const PERMISSIONS = {
  /** Read the queue, leads, reports and the audit log. */
  read: 'reviewer',
  /** Approve, reject, edit or withdraw a card. */
  review: 'reviewer',
  /** Create and execute batches. */
  runBatches: 'operator',
  /** Resolve unknown outcomes; discard or re-apply quarantined webhook deliveries. */
  reconcile: 'operator',
  engageStop: 'operator',
  addSuppression: 'operator',
  /** Import leads from a file (the console's import form; `caio leads import` works on the store). */
  importLeads: 'operator',
  releaseStop: 'admin',
  switchAutonomy: 'admin',
  removeSuppression: 'admin',
  erasePerson: 'admin',
  /** Users, routing rules, campaign mappings, pauses. */
  administer: 'admin',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

/** The least role that may perform `permission`. */
export const requiredRole = (permission: Permission): Role => PERMISSIONS[permission];
