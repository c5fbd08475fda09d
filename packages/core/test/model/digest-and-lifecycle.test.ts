import { CARD_STATUSES, CARD_TRANSITIONS, canonicalJson, contentDigest, parseRejection, DEFAULT_REJECTION_TAXONOMY, sha256Hex, transitionCard } from '@caio/core';
import { aCard, aLead } from '@caio/testkit';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

describe('sha256Hex (@noble/hashes: no node:crypto in core)', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('matches the NIST vector for %j', (input, digest) => {
    expect(sha256Hex(input)).toBe(digest);
  });
  it('matches node:crypto on multi-block, non-ASCII and lone-surrogate input', () => {
    for (const input of ['x'.repeat(1000), 'héllo wörld ✓ 😀 '.repeat(40), 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'lone \ud800 high', 'lone \udc00 low', '\ud83d']) {
      expect(sha256Hex(input)).toBe(createHash('sha256').update(input, 'utf8').digest('hex'));
    }
  });
});

describe('content digest', () => {
  const card = aCard('card_1', aLead('ada'));
  it('is stable under key order and changes when anything that would be sent changes', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    const base = contentDigest(card);
    expect(contentDigest({ ...card })).toBe(base);
    for (const change of [{ body: 'x' }, { subject: 'x' }, { opener: 'x' }, { campaignId: 'c' }, { channel: 'instantly' as const }, { step: 1 }, { personalization: { k: 'v' } }, { leadKeys: [] }]) {
      expect(contentDigest({ ...card, ...change })).not.toBe(base);
    }
  });
  it('ignores fields that are not sent (status, version, timestamps)', () => {
    expect(contentDigest({ ...card, status: 'approved', version: 9, updatedAt: 'later' } as typeof card)).toBe(contentDigest(card));
  });
});

describe('card lifecycle', () => {
  const card = aCard('card_1', aLead('ada'));
  const pairs = CARD_STATUSES.flatMap((from) => CARD_STATUSES.map((to) => [from, to] as const));
  it.each(pairs)('%s -> %s is legal exactly when the lifecycle lists it', (from, to) => {
    const result = transitionCard({ ...card, status: from }, to, '2026-03-02T21:00:00.000Z');
    if (CARD_TRANSITIONS[from].includes(to)) {
      expect(result._unsafeUnwrap()).toMatchObject({ status: to, version: card.version + 1, updatedAt: '2026-03-02T21:00:00.000Z' });
    } else {
      expect(result._unsafeUnwrapErr()).toEqual({ _tag: 'IllegalTransition', cardId: 'card_1', from, to });
    }
  });
  it('lists the architecture lifecycle exactly', () => {
    expect(CARD_TRANSITIONS).toEqual({
      pending: ['approved', 'rejected', 'separated', 'expired'],
      separated: ['pending', 'rejected', 'expired'],
      approved: ['queued', 'separated', 'pending'],
      queued: ['sending', 'separated', 'pending'],
      sending: ['sent', 'failed', 'unknown'],
      unknown: ['sent', 'failed'],
      rejected: [],
      expired: [],
      sent: [],
      failed: [],
      held: [],
    });
  });
  it('clears the separation reason when a re-mapped card returns to pending', () => {
    const separated = { ...card, status: 'separated' as const, separatedReason: 'no campaign' };
    expect(transitionCard(separated, 'pending', card.createdAt)._unsafeUnwrap().separatedReason).toBeUndefined();
  });
});

describe('rejections', () => {
  const at = '2026-03-02T21:00:00.000Z';
  it('needs a taxonomy tag and a reason of the minimum length', () => {
    expect(parseRejection(DEFAULT_REJECTION_TAXONOMY, { tag: 'vibes', reason: 'long enough reason', by: 'r', at })._unsafeUnwrapErr().field).toBe('tag');
    expect(parseRejection(DEFAULT_REJECTION_TAXONOMY, { tag: 'tone', reason: '  too short ', by: 'r', at })._unsafeUnwrapErr().field).toBe('reason');
    expect(parseRejection(DEFAULT_REJECTION_TAXONOMY, { tag: ' tone ', reason: ' too pushy for a first touch ', by: 'r', at })._unsafeUnwrap()).toEqual({ tag: 'tone', reason: 'too pushy for a first touch', by: 'r', at });
  });
  it('uses a configured taxonomy', () => {
    const taxonomy = { tags: ['off_brand'], minReasonLength: 3 };
    expect(parseRejection(taxonomy, { tag: 'off_brand', reason: 'meh', by: 'r', at }).isOk()).toBe(true);
    expect(parseRejection(taxonomy, { tag: 'tone', reason: 'meh', by: 'r', at }).isErr()).toBe(true);
  });
});
