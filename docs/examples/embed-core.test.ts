import { describe, expect, it } from 'vitest';
// @ts-expect-error -- the example is plain JavaScript on purpose (copy-paste friendly)
import { main } from './embed-core.mjs';

describe('docs/examples/embed-core.mjs', () => {
  it('runs a supervised day: one send, a refused second approval, a stop that holds a batch', async () => {
    const lines: string[] = [];
    await main((line: string) => lines.push(line));
    expect(lines).toEqual([
      'lead lead_000001: ada@acme.example, linkedin.com/in/ada-lovelace',
      'card card_1: quality gate passed',
      'queue: 1 pending, 1 ready for live send',
      'approve card_1: Email sent via GHL',
      'approve again: IllegalTransition; provider calls so far: 1',
      expect.stringMatching(/^batch batch_000001 under the emergency stop: card_2 skipped \(emergency_stop/),
      'provider calls in total: 1',
    ]);
  });
});
