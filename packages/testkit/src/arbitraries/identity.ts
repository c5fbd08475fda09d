import fc from 'fast-check';

/**
 * Identities that collide the way real data does: the same person under another
 * e-mail case or whitespace, and the same LinkedIn profile pasted in every URL variant.
 * Draw people from a small pool so collisions are frequent.
 *
 * @category testing
 */
export const arbEmailVariant = (local: string, domain: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('', ' ', '\t'), fc.constantFrom('lower', 'upper', 'mixed'), fc.constantFrom('', ' '))
    .map(([pre, casing, post]) => {
      const raw = `${local}@${domain}`;
      const cased = casing === 'lower' ? raw : casing === 'upper' ? raw.toUpperCase() : raw.replace(/^./, (c) => c.toUpperCase());
      return `${pre}${cased}${post}`;
    });

export const arbLinkedInVariant = (slug: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom('https://', 'http://', ''),
      fc.constantFrom('www.', '', 'uk.', 'de.', 'mobile.'),
      fc.constantFrom('', '/', '?trk=public_profile', '/?originalSubdomain=uk', '#about'),
      fc.boolean(),
    )
    .map(([scheme, host, suffix, upper]) => `${scheme}${host}linkedin.com/in/${upper ? slug.toUpperCase() : slug}${suffix}`);

export interface PersonSeed {
  readonly local: string;
  readonly slug: string;
}

/** A pool of distinct people; leads drawn from it share identities on purpose. */
export const PEOPLE: readonly PersonSeed[] = [
  { local: 'ada', slug: 'ada-lovelace' },
  { local: 'grace', slug: 'grace-hopper' },
  { local: 'alan', slug: 'alan-turing' },
  { local: 'edsger', slug: 'edsger-dijkstra' },
];

export interface LeadIdentityInput {
  readonly person: number;
  readonly email?: string;
  readonly linkedinUrl?: string;
}

/** One person's identity as some source reported it: e-mail, LinkedIn, or both. */
export const arbLeadIdentity = (people: readonly PersonSeed[] = PEOPLE): fc.Arbitrary<LeadIdentityInput> =>
  fc.integer({ min: 0, max: people.length - 1 }).chain((person) => {
    const seed = people[person]!;
    return fc
      .tuple(fc.option(arbEmailVariant(seed.local, 'acme.example'), { nil: undefined }), fc.option(arbLinkedInVariant(seed.slug), { nil: undefined }))
      .filter(([email, linkedin]) => email !== undefined || linkedin !== undefined)
      .map(([email, linkedinUrl]) => ({ person, ...(email ? { email } : {}), ...(linkedinUrl ? { linkedinUrl } : {}) }));
  });
