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

/**
 * Turns a lead into a drafted card (template, LLM, human...). The app's default is the
 * deterministic `TemplateCrafter` over the message copy in `TEMPLATES_DIR`.
 *
 * An LLM crafter implements the same method: build the prompt from the lead's fields and
 * signals (never paste raw signal values or URLs: a page visit is a topic, a list is prose),
 * call the model with a timeout, and answer a `CardDraft` with `leadId`, `leadKeys`
 * (`identityKeys(lead.identity)`), `tier`, `sourceLabel`, `channel`, `campaignId`, `step`,
 * a `subject` for e-mail channels, the `opener` and the `body`. Expected failures (no
 * signal, a model error or timeout, an answer that is not a message) are a `CraftError`,
 * never a throw. The draft still goes through the quality gate (a Tier 1 draft that fails
 * it is stored `held`) and human review, so the crafter need not be trusted. Register it in
 * the composition root (`container.register(CardCrafter, ...)`); tests give it a
 * hand-written fake model on loopback or in process, never the network.
 *
 * @category ports
 */
export interface CardCrafter {
  craft(request: CraftRequest): ResultAsync<CardDraft, CraftError>;
}
export const CardCrafter = token<CardCrafter>('CardCrafter');
