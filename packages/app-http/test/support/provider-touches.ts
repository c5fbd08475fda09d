import type { FakeGhl, FakeHeyReach, FakeInstantly } from '@caio/testkit';

/** One first touch as a provider saw it: who, through which provider, when it arrived. */
export interface Touch {
  readonly person: string;
  readonly provider: 'ghl' | 'instantly' | 'heyreach';
  readonly at: number;
}

type Json = Record<string, any>;

/** Every first touch the fakes received, read from their request logs (the ground truth of "sent"). */
export const providerTouches = (fakes: { readonly ghl: FakeGhl; readonly instantly: FakeInstantly; readonly heyreach: FakeHeyReach }): Touch[] => [
  ...fakes.ghl.requestsWhere({ route: 'POST /conversations/messages' }).map((r) => ({ person: fakes.ghl.contacts.get(String((r.body as Json).contactId))?.email.split('@')[0] ?? `unknown contact ${String((r.body as Json).contactId)}`, provider: 'ghl' as const, at: r.at })),
  ...fakes.instantly.requestsWhere({ route: 'POST /leads' }).map((r) => ({ person: String((r.body as Json).email).split('@')[0]!, provider: 'instantly' as const, at: r.at })),
  ...fakes.heyreach.requestsWhere({ route: 'POST /campaign/AddLeadsToCampaignV2' }).flatMap((r) =>
    ((r.body as Json).accountLeadPairs as { lead: { profileUrl: string } }[]).map((pair) => ({ person: /\/in\/([^/]+)/.exec(pair.lead.profileUrl)?.[1] ?? pair.lead.profileUrl, provider: 'heyreach' as const, at: r.at })),
  ),
];
