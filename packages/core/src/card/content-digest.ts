import { canonicalJson } from '../shared/canonical-json.js';
import { sha256Hex } from '../shared/digest.js';
import type { Card } from './card.js';

/** The fields of a card that reach the provider: change any and the digest changes. */
export type SentContent = Pick<Card, 'leadId' | 'leadKeys' | 'channel' | 'campaignId' | 'subject' | 'body' | 'opener' | 'personalization' | 'step'>;

/**
 * SHA-256 over the canonical JSON of everything that would be sent. The snapshot of a
 * batch keeps it; dispatch refuses an item whose card digest no longer matches.
 *
 * @category model
 */
export const contentDigest = (content: SentContent): string =>
  sha256Hex(
    canonicalJson({
      leadId: content.leadId,
      leadKeys: content.leadKeys,
      channel: content.channel,
      campaignId: content.campaignId ?? null,
      subject: content.subject ?? null,
      body: content.body,
      opener: content.opener,
      personalization: content.personalization,
      step: content.step,
    }),
  );
