/**
 * The key layout. Four hash tags per tenant prefix, each one slot on Redis Cluster:
 * - `{p:send}`: cards, batches, send ledger, first touches, day counters, fences,
 *   controls, epoch, suppressions, cadence stops, and who is the same person (person key
 *   sets and lead aliases): the claim decides on the person's current keys. The claim checks and writes a card,
 *   its ledger entry, every identity key of the lead, the day's counters, the controls
 *   and a fence at once, so they must share a slot.
 * - `{p:leads}`: leads and the identity index (an upsert writes both).
 * - `{p:audit}`: the audit entries (each stored once), the log and its indexes (lists of
 *   entry numbers), the day records, and the webhook inbox: most webhook events (opens,
 *   clicks) are recorded, audited and marked applied by one script, so the inbox and the
 *   audit log share a slot.
 * - `{p:inbox}`: the quarantine of unparseable deliveries. (It held the inbox too until
 *   the inbox moved next to the audit log; `migrateLegacyInbox` moves what is left.)
 * Shared event counts (webhook authentication failures) use `{p:count}`.
 * Leases use `{p:lock:<resource>}` each, shared rate gates `{p:rate:<provider account>}`. Sends are bounded by provider rate limits (tens
 * per second), far below what one slot's master serves.
 *
 * @category adapters
 */
export class RedisKeys {
  readonly send: string;
  readonly leadsTag: string;
  readonly auditTag: string;
  readonly inboxTag: string;
  readonly quarantineTag: string;

  constructor(readonly prefix: string) {
    this.send = `{${prefix}:send}`;
    this.leadsTag = `{${prefix}:leads}`;
    this.auditTag = `{${prefix}:audit}`;
    this.inboxTag = `${this.auditTag}:inbox`;
    this.quarantineTag = `{${prefix}:inbox}`;
  }

  card = (id: string) => `${this.send}:card:${id}`;
  cardMeta = (id: string) => `${this.send}:card:${id}:meta`;
  cardsAll = () => `${this.send}:cards`;
  cardsStatus = (status: string) => `${this.send}:cards:status:${status}`;
  cardsChannel = (channel: string) => `${this.send}:cards:channel:${channel}`;
  cardsLead = (leadId: string) => `${this.send}:cards:lead:${leadId}`;
  /** The review queue's indexes: pending cards' order members (see `queueFacets`, `queueMember`). */
  queue = (facet: string) => `${this.send}:queue:${facet}`;
  /** Set once the queue indexes hold every pending card (see `buildQueueIndexes`). */
  queueBuilt = () => `${this.send}:queue-built`;
  batch = (id: string) => `${this.send}:batch:${id}`;
  batchMeta = (id: string) => `${this.send}:batch:${id}:meta`;
  batchesAll = () => `${this.send}:batches`;
  /** Batch ids of one status (see `batchIndexes`). */
  batchesStatus = (status: string) => `${this.send}:batches:status:${status}`;
  /** Set once the batch status indexes hold every batch (see `buildBatchIndexes`). */
  batchesBuilt = () => `${this.send}:batches-built`;
  ledger = (id: string) => `${this.send}:ledger:${id}`;
  ledgerMeta = (id: string) => `${this.send}:ledger:${id}:meta`;
  ledgerAll = () => `${this.send}:ledger-all`;
  ledgerState = (state: string) => `${this.send}:ledger-state:${state}`;
  ledgerKey = (identityKey: string) => `${this.send}:ledger-key:${identityKey}`;
  touch = (identityKey: string) => `${this.send}:touch:${identityKey}`;
  touches = () => `${this.send}:touches`;
  day = (dayKey: string) => `${this.send}:day:${dayKey}`;
  days = () => `${this.send}:days`;
  /** A hash channel -> claims that day (the day's per-channel counts, SEND_CHANNEL_CAPS). */
  dayChannels = (dayKey: string) => `${this.send}:day-channels:${dayKey}`;
  fence = (resource: string) => `${this.send}:fence:${resource}`;
  fences = () => `${this.send}:fences`;
  controls = () => `${this.send}:controls`;
  epoch = () => `${this.send}:epoch`;
  /** Accepted losses: a hash from a replaced epoch marker to the one that replaced it. */
  epochLosses = () => `${this.send}:epoch:losses`;
  suppression = (target: string) => `${this.send}:suppression:${target}`;
  suppressions = () => `${this.send}:suppressions`;
  stop = (identityKey: string) => `${this.send}:stop:${identityKey}`;
  stops = () => `${this.send}:stops`;
  /** A person (a root lead id): its identity keys. In the send slot, so the claim reads it. */
  person = (leadId: string) => `${this.send}:person:${leadId}`;
  /** A lead merged into another: the survivor's id (one hop). */
  alias = (leadId: string) => `${this.send}:alias:${leadId}`;
  /** The ids merged into a survivor. */
  aliasesOf = (leadId: string) => `${this.send}:aliases-of:${leadId}`;
  aliases = () => `${this.send}:aliases`;
  /** Set once every lead of a store written before persons existed has its person set. */
  personsBuilt = () => `${this.send}:persons-built`;
  lead = (id: string) => `${this.leadsTag}:lead:${id}`;
  leadMeta = (id: string) => `${this.leadsTag}:lead:${id}:meta`;
  leadsAll = () => `${this.leadsTag}:leads`;
  leadsLabel = (label: string) => `${this.leadsTag}:leads:label:${label}`;
  identity = (identityKey: string) => `${this.leadsTag}:identity:${identityKey}`;
  /** Merges decided in the leads slot and not yet applied to the send slot: lead id -> the merge's intent (JSON). */
  mergesPending = () => `${this.leadsTag}:merges-pending`;
  /**
   * Merges about to be decided in the leads slot that name this lead (`<ms>:<token>`
   * members), in the send slot so the claim script sees them: a claim on an assumed person
   * meeting one reads the leads slot first (docs/state-stores.md).
   */
  mergeAnnounced = (leadId: string) => `${this.send}:merge-announced:${leadId}`;
  /** Erasures begun and not finished: first lead id -> the erasure plan (JSON), until the erasure completes. */
  erasuresPending = () => `${this.send}:erasures-pending`;
  inbox = (eventId: string) => `${this.inboxTag}:event:${eventId}`;
  inboxPending = () => `${this.inboxTag}:pending`;
  inboxAll = () => `${this.inboxTag}:all`;
  /** The last receipt millisecond added to the pending index and its count (acceptance order within a millisecond). */
  inboxPendingTick = () => `${this.inboxTag}:pending-tick`;
  inboxClaim = (eventId: string) => `${this.inboxTag}:claim:${eventId}`;
  /** Event ids by the end of their retention (ms), for pruning. */
  inboxExpiry = () => `${this.inboxTag}:expiry`;
  quarantine = () => `${this.quarantineTag}:quarantine`;
  /** Where versions before the inbox moved to the audit slot kept it (read only to migrate). */
  legacyInbox = {
    event: (eventId: string) => `${this.quarantineTag}:event:${eventId}`,
    pending: () => `${this.quarantineTag}:pending`,
    all: () => `${this.quarantineTag}:all`,
    claim: (eventId: string) => `${this.quarantineTag}:claim:${eventId}`,
    expiry: () => `${this.quarantineTag}:expiry`,
  };
  audit = () => `${this.auditTag}:log`;
  /** Audit entry JSON by sequence number: each entry once, however many lists name it. */
  auditEntries = () => `${this.auditTag}:entries`;
  auditSeq = () => `${this.auditTag}:seq`;
  auditTrace = (id: string) => `${this.auditTag}:trace:${id}`;
  auditCard = (id: string) => `${this.auditTag}:card:${id}`;
  auditLead = (id: string) => `${this.auditTag}:lead:${id}`;
  /** Entries naming an identity key, and entries of an indexed action (`AuditTrail`). */
  auditKey = (identityKey: string) => `${this.auditTag}:key:${identityKey}`;
  auditAction = (action: string) => `${this.auditTag}:action:${action}`;
  dayRecord = (day: string) => `${this.auditTag}:day-record:${day}`;
  dayRecords = () => `${this.auditTag}:day-records`;
  lock = (resource: string) => `{${this.prefix}:lock:${resource}}`;
  lockFence = (resource: string) => `{${this.prefix}:lock:${resource}}:fence`;
  rateGate = (name: string) => `{${this.prefix}:rate:${name}}`;
  /** Events of `name` counted in one minute bucket (`EventCounts`); all names share one slot. */
  eventCount = (name: string, bucket: number) => `{${this.prefix}:count}:${name}:${bucket}`;

  /** Every key of this tenant matches this pattern (for SCAN clean-up in tests). */
  pattern = () => `{${this.prefix}:*`;
}
