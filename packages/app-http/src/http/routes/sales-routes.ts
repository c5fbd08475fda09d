import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

const PUBLIC = new URL('../../../public/', import.meta.url);

const ASSETS = {
  '/sales': ['sales.html', 'text/html; charset=utf-8'],
  '/sales/app.js': ['sales.js', 'text/javascript; charset=utf-8'],
  '/sales/shared.js': ['shared.js', 'text/javascript; charset=utf-8'],
  '/sales/panels.js': ['panels.js', 'text/javascript; charset=utf-8'],
  '/sales/ops.js': ['ops.js', 'text/javascript; charset=utf-8'],
  '/sales/batches.js': ['batches.js', 'text/javascript; charset=utf-8'],
  '/sales/autonomy.js': ['autonomy.js', 'text/javascript; charset=utf-8'],
  '/sales/app.css': ['sales.css', 'text/css; charset=utf-8'],
} as const;

// Same-origin only, no inline code: a token pasted into the page cannot be sent elsewhere.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The console: its static files (a page, its modules, a style sheet) read once at start, served with a strict CSP. */
export const salesRoutes = async (app: FastifyInstance): Promise<void> => {
  for (const [path, [file, type]] of Object.entries(ASSETS)) {
    const body = await readFile(new URL(file, PUBLIC), 'utf8');
    app.get(path, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('content-type', type).header('content-security-policy', CSP).header('x-frame-options', 'DENY').send(body),
    );
  }
};
