// File store per-operation time at 100,000 records divided by the same at 1,000 records.
import { FileStateStore } from '@caio/adapters-file';
import { createCard, createLead, qualityPassed } from '@caio/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './measure.mjs';

const at = new Date().toISOString();
const lead = (i) => createLead(`lead_${i}`, { email: `l${i}@bench.example`, source: 'import', sourceLabel: 'bench', tier: 'tier_1' }, at)._unsafeUnwrap();
const card = (id, l) => createCard(id, { leadId: l.id, leadKeys: [`email:${l.identity.email}`], tier: 'tier_1', channel: 'ghl_email', subject: 's', body: 'a body long enough', opener: 'o' }, qualityPassed, at)._unsafeUnwrap();

/** A store holding `records` leads and as many cards, written in one import. */
const storeWith = async (records) => {
  const dir = mkdtempSync(join(tmpdir(), 'caio-bench-file-'));
  const store = (await FileStateStore.open({ dir }))._unsafeUnwrap();
  const batch = [];
  for (let i = 0; i < records; i++) {
    const l = lead(i);
    batch.push({ kind: 'lead', value: l }, { kind: 'card', value: card(`card_${i}`, l) });
  }
  (await store.importRecords(batch))._unsafeUnwrap();
  return { store, dir };
};

/** Mean milliseconds of one operation mix: put a card, read it back, claim it, finalise it. */
const perOperation = async (store, tag, ops) => {
  const started = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    const l = lead(`${tag}_${i}`);
    const c = (await store.putCard({ ...card(`${tag}_${i}`, l), status: 'queued' }, null))._unsafeUnwrap();
    await store.getCard(c.id);
    await store.claimSend({ cardId: c.id, step: 0, attemptId: `a_${c.id}`, channel: c.channel, leadKeys: c.leadKeys, contentDigest: c.contentDigest, expectedVersion: c.version, dayKey: `d_${tag}`, dailyCap: 1e9, trace: { traceId: 't', actor: 'bench', at, origin: 'test' } });
    await store.recordOutcome({ cardId: c.id, step: 0, attemptId: `a_${c.id}`, outcome: { state: 'sent', receipt: {} }, trace: { traceId: 't', actor: 'bench', at, origin: 'test' } });
  }
  return Number(process.hrtime.bigint() - started) / 1e6 / (ops * 4);
};

export const run = async () => {
  const small = await storeWith(1_000);
  const large = await storeWith(100_000);
  try {
    let round = 0;
    const smallMs = await median(3, () => perOperation(small.store, `s${round++}`, 300));
    round = 0;
    const largeMs = await median(3, () => perOperation(large.store, `l${round++}`, 300));
    return { file_store_100k_over_1k: { msPerOpAt1k: smallMs, msPerOpAt100k: largeMs, ratio: largeMs / smallMs, target: 1.5, lowerIsBetter: true } };
  } finally {
    await small.store.close();
    await large.store.close();
    rmSync(small.dir, { recursive: true, force: true });
    rmSync(large.dir, { recursive: true, force: true });
  }
};
