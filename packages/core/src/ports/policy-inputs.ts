import type { ResultAsync } from 'neverthrow';
import type { CadenceStop } from '../cadence/cadence.js';
import type { Channel, ChannelCounts } from '../channel.js';
import type { DayRecord } from '../clean-days.js';
import type { Controls } from '../controls/controls.js';
import type { IdentityKey } from '../lead/identity.js';
import type { FirstTouch, LedgerEntry } from '../ledger/send-ledger.js';
import { token } from '../shared/token.js';
import type { Suppression, SuppressionTarget } from '../suppression/suppression.js';
import type { StoreError } from './store-error.js';

/** What one card's send policy reads, named by the card, its person and the day. @category ports */
export interface PolicyInputsRequest {
  /** The day whose sends count against the cap. */
  readonly dayKey: string;
  /** The person's identity keys: first touches and cadence stops are read for each. */
  readonly keys: readonly IdentityKey[];
  readonly suppressionTargets: readonly SuppressionTarget[];
  /** How many of the latest day records to read (clean days in a row). */
  readonly dayRecords: number;
  /** For a follow-up: the ledger entry of step `step` under `identityKey` on the same channel and campaign. */
  readonly previousStep?: {
    readonly identityKey: IdentityKey;
    readonly step: number;
    readonly channel: Channel;
    readonly campaignId?: string;
  };
}

/** The stored state a send decision is made from, read at one moment. @category ports */
export interface StoredPolicyInputs {
  readonly controls: Controls;
  readonly sentToday: number;
  /** The day's claims per channel (`SEND_CHANNEL_CAPS`), as `SendLedger.countDayChannelSends` answers them. */
  readonly sentTodayByChannel: ChannelCounts;
  /** The latest `dayRecords` day records, oldest first. */
  readonly dayRecords: readonly DayRecord[];
  readonly suppressions: readonly Suppression[];
  readonly firstTouches: readonly FirstTouch[];
  readonly previousStep: LedgerEntry | null;
  readonly cadenceStops: readonly CadenceStop[];
}

/**
 * Everything one card's send policy reads, in one store call (one script on Redis, one
 * read under the lock on the file store): the same answers as the role ports' reads
 * (`getControls`, `countDaySends`, `countDayChannelSends`, `listDayRecords`, `findSuppressions`, `getFirstTouches`,
 * `listLedger`, `findCadenceStops`), fresh per call, at a fraction of the round trips.
 *
 * @category ports
 */
export interface PolicyInputs {
  readPolicyInputs(request: PolicyInputsRequest): ResultAsync<StoredPolicyInputs, StoreError>;
}
export const PolicyInputs = token<PolicyInputs>('PolicyInputs');
