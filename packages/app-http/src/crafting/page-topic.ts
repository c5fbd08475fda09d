/** Path words that name what a page is about, as a person would say it. */
const TOPICS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(pricing|prices?|plans?|cost)$/, 'pricing'],
  [/^(case-stud(y|ies)|customers?|customer-stories|success-stories)$/, 'customer stories'],
  [/^(demo|request-a-demo|book-a-demo|get-a-demo)$/, 'booking a demo'],
  [/^(integrations?|apps|marketplace)$/, 'integrations'],
  [/^(security|trust|compliance|gdpr|soc-?2)$/, 'security'],
  [/^(docs|documentation|api|developers?)$/, 'the documentation'],
  [/^(blog|articles?|resources|guides?)$/, 'the blog'],
  [/^(careers|jobs)$/, 'careers'],
  [/^(about|about-us|company|team)$/, 'the company'],
  [/^(contact|contact-us|talk-to-sales|sales)$/, 'talking to sales'],
  [/^(features?|product|platform|how-it-works)$/, 'the product'],
  [/^(compare|comparison|vs|alternatives?)$/, 'how the options compare'],
];

const GENERIC = new Set(['', 'www', 'en', 'en-us', 'us', 'uk', 'de', 'fr', 'index', 'index.html', 'home', 'page', 'pages', 'p', 'lp', 'go']);

/**
 * A page visit as a human topic ("pricing", "customer stories", "the blog"), never a raw
 * path, URL or query string. Known page kinds come from the table; any other readable
 * path word becomes words (`/solutions/revenue-operations` -> "revenue operations").
 * `null` when nothing readable is left (a root page, ids, hashes): say nothing then.
 */
export const pageTopic = (visited: string): string | null => {
  let path: string;
  try {
    path = new URL(visited, 'https://visited.invalid').pathname;
  } catch {
    return null;
  }
  const words = path
    .split('/')
    .map((segment) => decodeSafely(segment).toLowerCase().replace(/\.(html?|php|aspx?)$/, ''))
    .filter((s) => !GENERIC.has(s));
  for (const segment of words) for (const [pattern, topic] of TOPICS) if (pattern.test(segment)) return topic;
  // The deepest readable segment: letters and separators only, a few words, no ids.
  for (const segment of [...words].reverse()) {
    const text = segment.replace(/[-_+]+/g, ' ').trim();
    if (/^[a-z][a-z ]{2,40}$/.test(text) && text.split(' ').length <= 5) return text;
  }
  return null;
};

const decodeSafely = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
};
