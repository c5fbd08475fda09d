import { listAllLedger, listInDoubtSends, reconcileStores, type TraceId } from '@caio/core';
import { STALE_SENDING_MS } from '../../composition/startup.js';
import { parseArgs } from 'node:util';
import { EXIT, table, type Command } from '../command.js';
import { withLocalCore, type LocalCore } from '../local-core.js';

const cliTrace = (core: LocalCore, actor: string) => {
  const at = core.deps.clock.now().toISOString();
  return { traceId: `trace_reconcile_${Date.parse(at)}` as TraceId, actor, at, origin: 'cli' as const };
};

/**
 * `caio reconcile [--repair-drift]`: lists every `unknown` send (a provider call whose
 * outcome nobody knows), every claim still `sending` past the recovery threshold ("in
 * doubt": its dispatcher most likely died mid-send, recovery has not run yet) and, with
 * the dual backend, every record on which Redis and the
 * file store disagree. Exit 1 while anything needs an operator, so it can gate a deploy.
 */
export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'list unknown and in-doubt sends, store drift and drift blocks (exit 1 while any needs an operator); --repair-drift copies the primary over and clears the blocks',
  usage: 'caio reconcile [--repair-drift] [--json]',
  run(args, env, io) {
    const { values } = parseArgs({ args: [...args], options: { 'repair-drift': { type: 'boolean' }, json: { type: 'boolean' } } });
    return withLocalCore(env, io, async (core) => {
      const unknown = await listAllLedger(core.deps.store, { state: 'unknown' });
      const inDoubt = await listInDoubtSends(core.deps, STALE_SENDING_MS);
      if (unknown.isErr() || inDoubt.isErr()) {
        io.err(`cannot read the send ledger: ${unknown.isErr() ? unknown.error._tag : inDoubt.isErr() ? inDoubt.error._tag : ''}\n`);
        return EXIT.gateFailed;
      }
      const drift = core.dual
        ? await reconcileStores(core.dual.primary, core.dual.secondary, core.deps.ids, { repair: values['repair-drift'] === true, trace: cliTrace(core, 'cli:reconcile') })
        : null;
      if (drift?.isErr()) {
        io.err(`cannot compare the stores: ${drift.error._tag}\n`);
        return EXIT.gateFailed;
      }
      const report = drift?.isOk() ? drift.value : null;
      const unrepaired = report ? report.differences.filter((d) => !report.repaired.includes(d.key)) : [];
      // Drift blocks the dual store persisted (any instance, any run): once the stores agree
      // on a key again, a repair run clears its block everywhere.
      let blocks = core.dual ? await core.dual.listDrift() : null;
      if (blocks?.isErr()) {
        io.err(`cannot read the drift blocks: ${blocks.error._tag}\n`);
        return EXIT.gateFailed;
      }
      if (core.dual && blocks?.isOk() && values['repair-drift'] === true) {
        const stillDifferent = new Set(unrepaired.map((d) => d.key));
        const cleared = await core.dual.markRepaired(blocks.value.map((b) => b.key).filter((k) => !stillDifferent.has(k)));
        if (cleared.isErr()) {
          io.err(`cannot clear the drift blocks: ${cleared.error._tag}\n`);
          return EXIT.gateFailed;
        }
        blocks = await core.dual.listDrift();
      }
      const blocked = blocks?.isOk() ? blocks.value : [];
      if (values.json) {
        io.out(`${JSON.stringify({ unknown: unknown.value, inDoubt: inDoubt.value, drift: report && { compared: report.compared, differences: report.differences.map((d) => ({ key: d.key, kind: d.kind })), repaired: report.repaired, needsOperator: report.needsOperator, blocks: blocked } }, null, 2)}\n`);
      } else {
        if (unknown.value.length) {
          io.out(table([['card', 'step', 'channel', 'claimed at', 'why unknown'], ...unknown.value.map((e) => [e.cardId, String(e.step), e.channel, e.claimedAt, e.reason ?? '-'])]));
          io.out(`${unknown.value.length} unknown send(s): check the provider, then: caio reconcile resolve CARD_ID --sent|--not-sent --note "what you checked"\n`);
        } else io.out('no unknown sends\n');
        if (inDoubt.value.length) {
          io.out(table([['card', 'step', 'channel', 'claimed at (still sending)'], ...inDoubt.value.map((e) => [e.cardId, String(e.step), e.channel, e.claimedAt])]));
          io.out(`${inDoubt.value.length} send(s) in doubt: claimed over ${STALE_SENDING_MS / 60_000} minutes ago and still sending (the dispatcher most likely died); the next stale-sending recovery (or a restart) makes them unknown\n`);
        } else io.out('no sends in doubt\n');
        if (!report) io.out(`store drift: not applicable (STATE_BACKEND=${core.config.state.backend})\n`);
        else {
          if (report.differences.length) io.out(table([['record', 'difference', 'repaired'], ...report.differences.map((d) => [d.key, d.kind, report.repaired.includes(d.key) ? 'yes' : 'no'])]));
          io.out(`store drift: ${report.compared} record(s) compared, ${report.differences.length} differ, ${report.repaired.length} repaired, ${report.needsOperator.length} only in the file store (need an operator)\n`);
          if (blocked.length) io.out(table([['blocked key', 'drift', 'since', 'operation'], ...blocked.map((b) => [b.key, b.kind, b.detectedAt, b.operation])]));
          io.out(`drift blocks: ${blocked.length} key(s) blocked for sending${blocked.length ? ' (caio reconcile --repair-drift clears the ones the stores agree on again)' : ''}\n`);
        }
      }
      return unknown.value.length > 0 || inDoubt.value.length > 0 || unrepaired.length > 0 || blocked.length > 0 || (report?.needsOperator.length ?? 0) > 0 ? EXIT.gateFailed : EXIT.ok;
    });
  },
};
