import { okAsync, type ResultAsync } from 'neverthrow';
import type { SendReceipt } from '../../card/card.js';
import type { Card } from '../../card/card.js';
import type { Channel } from '../../channel.js';
import { parseIdentityKey, type IdentityKey } from '../../lead/identity.js';
import { mergeSides } from '../../lead/lead-merge.js';
import type { AuditLog } from '../../ports/audit-log.js';
import type { IdentityStore } from '../../ports/identity-store.js';
import type { Leads } from '../../ports/leads.js';
import type { TraceEnvelope } from '../../trace.js';
import { audit } from '../support/audit.js';
import { addKeysToPerson } from './add-keys-to-person.js';
import type { UseCaseDeps } from '../support/core-deps.js';

/** The provider's id for the person in a send receipt: GHL's contact id, Instantly's lead id. */
export const providerKeysOfReceipt = (channel: Channel, receipt: SendReceipt): IdentityKey[] => {
  const raw = channel === 'ghl_email' && typeof receipt.contactId === 'string' ? `ghl:${receipt.contactId}` : channel === 'instantly' && typeof receipt.leadId === 'string' ? `instantly:${receipt.leadId}` : null;
  return raw === null ? [] : parseIdentityKey(raw).map((k) => [k]).unwrapOr([]);
};

/**
 * After a send, the provider's id for the person becomes one of their keys (so a webhook
 * or an import that names only that id finds the person; a lead that already held it
 * elsewhere is merged, as any bridging record would). Best effort: the send is recorded
 * already, so a failure here is logged and never fails the dispatch. Audited as
 * `lead.keys_learned`.
 *
 * @category model
 */
export const learnProviderKeys = (
  deps: UseCaseDeps<Leads & IdentityStore & AuditLog, 'ids' | 'logger'>,
  card: Pick<Card, 'id' | 'leadId' | 'channel'>,
  receipt: SendReceipt,
  trace: TraceEnvelope,
): ResultAsync<void, never> => {
  const keys = providerKeysOfReceipt(card.channel, receipt);
  if (keys.length === 0) return okAsync(undefined);
  return deps.store
    .getLead(card.leadId)
    .andThen((lead) => (lead ? addKeysToPerson(deps.store, lead, keys, trace.at) : okAsync(null)))
    .andThen((added) =>
      added ? audit(deps, trace, 'lead.keys_learned', { leadId: added.saved.id, cardId: card.id }, { keys, channel: card.channel, ...(added.absorbed.length > 0 ? mergeSides(added.saved, added.absorbed) : {}) }) : okAsync(undefined),
    )
    .orElse((error) => {
      deps.logger.warn('could not record the provider id of a sent card as a key of its lead', { cardId: card.id, error: error._tag });
      return okAsync(undefined);
    });
};
