import type { Channel } from '../channel.js';
import type { BatchId, CardId } from '../ids.js';
import type { IdentityKey } from '../lead/identity.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { sha256Hex } from '../shared/digest.js';

/** One frozen card in a batch: what was approved, exactly. @category model */
export interface BatchItem {
  readonly cardId: CardId;
  readonly version: number;
  readonly contentDigest: string;
  readonly channel: Channel;
  readonly leadKeys: readonly IdentityKey[];
}

/** @category model */
export const BATCH_STATUSES = ['open', 'executing', 'executed', 'aborted'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** What happened to one item when the batch ran. */
export const ITEM_RESULTS = ['sent', 'failed', 'unknown', 'denied', 'snapshot_drift', 'already_claimed', 'skipped'] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number];

export interface BatchItemOutcome {
  readonly cardId: CardId;
  readonly result: ItemResult;
  readonly detail?: string;
}

/**
 * An operator's snapshot of approved cards. Execution touches only these items; an
 * executed batch re-executed sends nothing new.
 *
 * @category model
 */
export interface Batch {
  readonly id: BatchId;
  readonly items: readonly BatchItem[];
  readonly snapshotDigest: string;
  readonly status: BatchStatus;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly outcomes: readonly BatchItemOutcome[];
}

export const snapshotDigest = (items: readonly BatchItem[]): string => sha256Hex(canonicalJson(items));
