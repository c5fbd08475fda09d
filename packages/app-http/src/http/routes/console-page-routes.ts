import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';

const PUBLIC = new URL('../../../public/', import.meta.url);
const require = createRequire(import.meta.url);
// The charting package, served from its installed files (a dependency of this package, no CDN).
const vendor = (file: string): URL => pathToFileURL(require.resolve(`uplot/dist/${file}`));

/** The console pages beyond the review page, and what they share (`console.js`, `console.css`). */
const PAGES = {
  '/sales/leads': ['leads.html', 'text/html; charset=utf-8'],
  '/sales/leads.js': ['leads.js', 'text/javascript; charset=utf-8'],
  '/sales/replies': ['replies.html', 'text/html; charset=utf-8'],
  '/sales/replies.js': ['replies.js', 'text/javascript; charset=utf-8'],
  '/sales/history': ['history.html', 'text/html; charset=utf-8'],
  '/sales/history.js': ['history.js', 'text/javascript; charset=utf-8'],
  '/sales/report': ['report.html', 'text/html; charset=utf-8'],
  '/sales/routing': ['routing.html', 'text/html; charset=utf-8'],
  '/sales/routing.js': ['routing.js', 'text/javascript; charset=utf-8'],
  '/sales/report.js': ['report.js', 'text/javascript; charset=utf-8'],
  '/sales/vendor/uPlot.iife.min.js': [vendor('uPlot.iife.min.js'), 'text/javascript; charset=utf-8'],
  '/sales/vendor/uPlot.min.css': [vendor('uPlot.min.css'), 'text/css; charset=utf-8'],
  '/sales/console.js': ['console.js', 'text/javascript; charset=utf-8'],
  '/sales/console.css': ['console.css', 'text/css; charset=utf-8'],
} as const;

// The review page's policy: same-origin scripts, styles and requests only, no inline code.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Static console pages, read once at start and served with a strict CSP. Like `/sales`
 * they are public files: everything they show comes from `/api/*` with the dashboard token.
 */
export const consolePageRoutes = async (app: FastifyInstance, pages: Readonly<Record<string, readonly [string | URL, string]>> = PAGES): Promise<void> => {
  for (const [path, [file, type]] of Object.entries(pages)) {
    const body = await readFile(typeof file === 'string' ? new URL(file, PUBLIC) : file, 'utf8');
    app.get(path, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('content-type', type).header('content-security-policy', CSP).header('x-frame-options', 'DENY').send(body),
    );
  }
};
