import { audit, type CardId, type TraceId } from '@caio/core';
import { parseArgs } from 'node:util';
import { EXIT, type Command } from '../command.js';
import { withLocalCore } from '../local-core.js';

/**
 * `caio verify-send CARD_ID [--step N]`: the post-approval proof. For a live GHL send it
 * asks GHL for the conversation message by the id the send returned, and records the
 * answer in the audit log (`send.verified` / `send.verification_failed`). A sandbox send
 * is a record in the store (nothing was delivered), which is what it reports.
 */
export const verifySendCommand: Command = {
  name: 'verify-send',
  summary: 'ask the provider whether a sent message really exists (live GHL), and record the answer',
  usage: 'caio verify-send CARD_ID [--step N]',
  run(args, env, io) {
    const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { step: { type: 'string', default: '0' } } });
    const step = Number(values.step);
    const [cardId] = positionals;
    if (!cardId || positionals.length !== 1 || !Number.isInteger(step) || step < 0) {
      io.err(`usage: ${this.usage}\n`);
      return Promise.resolve(EXIT.usage);
    }
    return withLocalCore(env, io, async ({ deps, verifiers }) => {
      const entry = await deps.store.getLedgerEntry(cardId as CardId, step);
      if (entry.isErr()) {
        io.err(`cannot read the send ledger: ${entry.error._tag}\n`);
        return EXIT.gateFailed;
      }
      const send = entry.value;
      if (!send) {
        io.err(`no send is recorded for card ${cardId} step ${step}\n`);
        return EXIT.gateFailed;
      }
      if (send.state !== 'sent') {
        io.err(`card ${cardId} step ${step} is ${send.state}, not sent${send.state === 'unknown' ? ': check the provider and resolve it with caio reconcile resolve' : ''}\n`);
        return EXIT.gateFailed;
      }
      const at = deps.clock.now().toISOString();
      const trace = { traceId: `trace_verify_${Date.parse(at)}` as TraceId, actor: 'cli:verify-send', at, origin: 'cli' as const };
      const messageId = typeof send.receipt?.messageId === 'string' ? send.receipt.messageId : null;
      if (send.sandbox) {
        await audit(deps, trace, 'send.verified', { cardId: send.cardId }, { step, result: 'sandbox_record', messageId });
        io.out(`card ${cardId} step ${step}: sandbox send recorded at ${send.finalisedAt ?? send.claimedAt} (${messageId ?? 'no id'}); nothing was delivered, so there is no provider to ask\n`);
        return EXIT.ok;
      }
      const verify = verifiers[send.channel];
      if (!verify) {
        io.err(`cannot verify: ${send.channel} offers no lookup of a sent message by id (verify-send covers live GHL e-mail); check the provider's dashboard\n`);
        return EXIT.gateFailed;
      }
      if (!messageId) {
        io.err(`cannot verify: the receipt of card ${cardId} step ${step} holds no message id\n`);
        return EXIT.gateFailed;
      }
      const exists = await verify(messageId);
      if (exists.isErr()) {
        io.err(`the provider could not be asked (${exists.error._tag}); nothing recorded, try again\n`);
        return EXIT.gateFailed;
      }
      await audit(deps, trace, exists.value ? 'send.verified' : 'send.verification_failed', { cardId: send.cardId }, { step, channel: send.channel, messageId, exists: exists.value });
      if (exists.value) {
        io.out(`verified: ${send.channel} has message ${messageId} for card ${cardId} step ${step} (recorded in the audit log)\n`);
        return EXIT.ok;
      }
      io.err(`NOT FOUND: ${send.channel} has no message ${messageId}, although card ${cardId} step ${step} is recorded as sent (recorded in the audit log); investigate before sending more\n`);
      return EXIT.gateFailed;
    });
  },
};
