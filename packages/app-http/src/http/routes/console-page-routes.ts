import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';

const PUBLIC = new URL('../../../public/', import.meta.url);
const require = createRequire(import.meta.url);
// The charting package, served from its installed files (a dependency of this package, no CDN).
const vendor = (file: string): URL => pathToFileURL(require.resolve(`uplot/dist/${file}`));

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** The console pages: each is the shared shell around its own `<main>` (`<name>.main.html`) and script. */
const PAGES: readonly { readonly name: string; readonly title: string; readonly head?: readonly string[] }[] = [
  { name: 'leads', title: 'Leads' },
  { name: 'replies', title: 'Replies' },
  { name: 'history', title: 'History' },
  { name: 'report', title: 'Report', head: ['<link rel="stylesheet" href="/sales/vendor/uPlot.min.css">', '<script src="/sales/vendor/uPlot.iife.min.js"></script>'] },
  { name: 'routing', title: 'Routing' },
];

/** Files served as they are: the pages' scripts, what they share, the chart library. */
const FILES: Readonly<Record<string, readonly [string | URL, string]>> = {
  ...Object.fromEntries(PAGES.map((p) => [`/sales/${p.name}.js`, [`${p.name}.js`, JS] as const])),
  '/sales/console.js': ['console.js', JS],
  '/sales/console.css': ['console.css', CSS],
  '/sales/vendor/uPlot.iife.min.js': [vendor('uPlot.iife.min.js'), JS],
  '/sales/vendor/uPlot.min.css': [vendor('uPlot.min.css'), CSS],
};

// The review page's policy: same-origin scripts, styles and requests only, no inline code.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Navigation, token gate and toast are built by console.js.
const shell = (page: (typeof PAGES)[number], main: string): string => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>CAIO · ${page.title}</title>
  <link rel="stylesheet" href="/sales/app.css">
  <link rel="stylesheet" href="/sales/console.css">
${(page.head ?? []).map((h) => `  ${h}\n`).join('')}  <script type="module" src="/sales/${page.name}.js"></script>
</head>
<body>
  <header class="bar">
    <h1>CAIO <span>${page.title.toLowerCase()}</span></h1>
    <nav class="nav"></nav>
  </header>
${main}</body>
</html>
`;

/**
 * The console pages beyond the review page (`/sales/<name>`) and their files, read once at
 * start and served with a strict CSP. Like `/sales` they are public: everything they show
 * comes from `/api/*` with the dashboard token.
 */
export const consolePageRoutes = async (app: FastifyInstance): Promise<void> => {
  const serve = (path: string, type: string, body: string) =>
    app.get(path, { schema: { hide: true } }, async (_request, reply) => reply.header('content-type', type).header('content-security-policy', CSP).header('x-frame-options', 'DENY').send(body));
  for (const page of PAGES) serve(`/sales/${page.name}`, HTML, shell(page, await readFile(new URL(`${page.name}.main.html`, PUBLIC), 'utf8')));
  for (const [path, [file, type]] of Object.entries(FILES)) serve(path, type, await readFile(typeof file === 'string' ? new URL(file, PUBLIC) : file, 'utf8'));
};
