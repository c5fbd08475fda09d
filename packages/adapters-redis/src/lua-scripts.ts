import { readFileSync } from 'node:fs';

const read = (name: string): string => readFileSync(new URL(`../src/lua/${name}.lua`, import.meta.url), 'utf8');

/** The Lua scripts, each one atomic transition (loaded once, run by EVALSHA). @category adapters */
export const LUA = {
  claimSend: read('claim-send'),
  recordOutcome: read('record-outcome'),
  putVersioned: read('put-versioned'),
  putControls: read('put-controls'),
  acquireLease: read('acquire-lease'),
  appendAudit: read('append-audit'),
  recordInbox: read('record-inbox'),
  recordAppliedInbox: read('record-applied-inbox'),
  importInboxEvent: read('import-inbox-event'),
  releaseInboxClaim: read('release-inbox-claim'),
  pruneInbox: read('prune-inbox'),
  releaseLease: read('release-lease'),
  renewLease: read('renew-lease'),
  rateGate: read('rate-gate'),
  dropAuditHead: read('drop-audit-head'),
  readAudit: read('read-audit'),
} as const;
