import type { ResultAsync } from 'neverthrow';
import type { CardDraft } from '../card/card.js';
import type { Channel } from '../channel.js';
import type { Lead } from '../lead/lead.js';
import { token } from '../shared/token.js';

/** @category errors */
export interface CraftError {
  readonly _tag: 'CraftError';
  readonly leadId: string;
  readonly message: string;
}

export interface CraftRequest {
  readonly lead: Lead;
  readonly channel: Channel;
  readonly campaignId?: string;
  readonly step: number;
}

/** Turns a lead into a drafted card (template, LLM, human...). @category ports */
export interface CardCrafter {
  craft(request: CraftRequest): ResultAsync<CardDraft, CraftError>;
}
export const CardCrafter = token<CardCrafter>('CardCrafter');
