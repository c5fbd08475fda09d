import { readFileSync } from 'node:fs';

const read = (name: string): string => readFileSync(new URL(`../src/lua/${name}.lua`, import.meta.url), 'utf8');
/** Scripts that append audit entries share one Lua function, prepended to their text. */
const withAuditAppend = (name: string): string => `${read('lib/append-audit')}\n${read(name)}`;

/** Scripts that add to the inbox's pending index share its scoring (acceptance order within a millisecond). */
const withPendingScore = (name: string): string => `${read('lib/pending-score')}\n${read(name)}`;

/** The Lua scripts, each one atomic transition (loaded once, run by EVALSHA). @category adapters */
export const LUA = {
  claimSend: read('claim-send'),
  linkPerson: read('link-person'),
  mergeLeads: read('merge-leads'),
  completeMerge: read('complete-merge'),
  removeSuppression: read('remove-suppression'),
  recordOutcome: read('record-outcome'),
  readPolicyInputs: read('read-policy-inputs'),
  readDayRecords: read('read-day-records'),
  putVersioned: read('put-versioned'),
  putControls: read('put-controls'),
  acquireLease: read('acquire-lease'),
  appendAudit: withAuditAppend('append-audit'),
  recordInbox: withPendingScore('record-inbox'),
  acceptInbox: withPendingScore('accept-inbox'),
  recordAppliedInbox: withAuditAppend('record-applied-inbox'),
  claimInbox: read('claim-inbox'),
  markInboxAppliedMany: withAuditAppend('mark-inbox-applied-many'),
  importInboxEvent: read('import-inbox-event'),
  releaseInboxClaim: read('release-inbox-claim'),
  pruneInbox: read('prune-inbox'),
  releaseLease: read('release-lease'),
  renewLease: read('renew-lease'),
  rateGate: read('rate-gate'),
  dropAuditHead: read('drop-audit-head'),
  readAudit: read('read-audit'),
  setOnce: read('set-once'),
  moveKey: read('move-key'),
} as const;
