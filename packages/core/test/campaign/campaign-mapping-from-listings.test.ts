import { campaignMappingFromListings, checkCampaign } from '@caio/core';
import { err, ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';

describe('campaignMappingFromListings', () => {
  it('replaces a listed channel with exactly what was listed, so a deleted campaign is no longer mapped', () => {
    const mapping = campaignMappingFromListings({ instantly: new Set(['cmp-1', 'cmp-gone']) }, { instantly: ok(['cmp-1', 'cmp-2']) });
    expect([...(mapping.instantly ?? [])]).toEqual(['cmp-1', 'cmp-2']);
    expect(checkCampaign('instantly', 'cmp-gone', mapping)).toEqual({ _tag: 'Unknown', campaignId: 'cmp-gone' });
  });

  it('keeps the last known ids of a channel whose listing failed, and leaves a never-listed channel unknown', () => {
    const mapping = campaignMappingFromListings({ instantly: new Set(['cmp-1']) }, { instantly: err('timeout'), heyreach: err('timeout') });
    expect(checkCampaign('instantly', 'cmp-1', mapping)).toEqual({ _tag: 'Mapped' });
    expect(mapping.heyreach).toBeUndefined();
  });

  it('does not change the previous mapping', () => {
    const previous = { heyreach: new Set(['4242']) };
    campaignMappingFromListings(previous, { heyreach: ok([]) });
    expect([...previous.heyreach]).toEqual(['4242']);
  });
});
