import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { aCard, aLead } from '@caio/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TOKEN, type TestApp } from './support/test-app.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
// Inside the repository (git-ignored), so the generated client resolves openapi-fetch.
const WORK = join(ROOT, '.vitest-tmp', `openapi-${process.pid}`);

interface Operation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly tags?: readonly string[];
  readonly responses: Readonly<Record<string, { readonly content?: Readonly<Record<string, { readonly schema?: unknown }>> }>>;
}
type Spec = { readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>> };

let t: TestApp;
let spec: Spec;
let specPath: string;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  mkdirSync(WORK, { recursive: true });
  specPath = join(WORK, 'openapi.json');
  const body = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).body;
  writeFileSync(specPath, body);
  spec = JSON.parse(body) as Spec;
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await t.app.close();
  if (!process.env.KEEP_OPENAPI_TMP) rmSync(WORK, { recursive: true, force: true });
});

const operations = () => Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

describe('the OpenAPI document', () => {
  it('is lint clean with Redocly CLI (recommended rules)', async () => {
    const result = await run(bin('redocly'), ['lint', specPath, '--config', join(ROOT, 'redocly.yaml'), '--format=json'], { cwd: ROOT, timeout: 60_000 }).catch((e: { stdout: string; code: number }) => e);
    const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number }; problems: readonly { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('documents every API and webhook route with a JSON response schema for success and for its errors', () => {
    const documented = operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    for (const route of [
      'GET /api/queue',
      'POST /api/cards/{id}/approve',
      'POST /api/cards/{id}/reject',
      'POST /api/batches',
      'GET /api/batches/{id}',
      'POST /api/batches/{id}/execute',
      'GET /api/controls/emergency-stop',
      'POST /api/controls/emergency-stop',
      'GET /api/status',
      'GET /api/queue/trace',
      'GET /api/rejections/summary',
      'GET /api/autonomy/readiness',
      'GET /api/audit',
      'GET /api/batches',
      'POST /api/autonomy',
      'GET /api/me',
      'POST /api/cards/{id}/edit',
      'POST /api/cards/{id}/withdraw',
      'GET /api/approvals',
      'GET /api/outcomes/unknown',
      'POST /api/outcomes/{id}/resolve',
      'GET /api/quarantine',
      'POST /api/quarantine/{id}/discard',
      'POST /api/quarantine/{id}/reapply',
      'POST /webhooks/{provider}',
      'GET /api/suppressions',
      'POST /api/suppressions',
      'POST /api/suppressions/remove',
      'POST /api/suppressions/import',
      'POST /api/leads/erase',
      'GET /api/leads',
      'GET /api/leads/{id}',
      'POST /api/leads/import',
      'GET /api/cards/{id}/timeline',
      'GET /api/replies',
      'POST /api/replies/{id}/handled',
      'GET /api/controls/pauses',
      'POST /api/controls/pauses',
      'POST /api/cards/{id}/remap',
      'GET /api/routing',
      'PUT /api/routing',
      'GET /api/reports/delivery',
      'GET /healthz',
      'GET /readyz',
    ]) {
      expect(documented).toContain(route);
    }
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(op.operationId, where).toBeTruthy();
      const statuses = Object.keys(op.responses);
      expect(statuses.some((s) => s.startsWith('2')), where).toBe(true);
      if (!['/healthz', '/readyz'].includes(path)) expect(statuses.some((s) => s.startsWith('4')), where).toBe(true);
      for (const status of statuses) expect(op.responses[status]?.content?.['application/json']?.schema, `${where} ${status}`).toBeTruthy();
    }
  });
});

describe('a client generated from the document', () => {
  it('type-checks against the generated types and calls the running app', async () => {
    await t.store.putLead(aLead('ada'), null);
    await t.store.putCard(aCard('card_1', aLead('ada')), null);
    await run(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), specPath, '-o', join(WORK, 'schema.d.ts')], { cwd: ROOT, timeout: 60_000 });
    writeFileSync(
      join(WORK, 'client.ts'),
      `import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

export const exercise = async (baseUrl: string, token: string) => {
  const api = createClient<paths>({ baseUrl, headers: { 'x-dashboard-token': token } });
  const status = await api.GET('/api/status');
  const queue = await api.GET('/api/queue', { params: { query: { limit: 10 } } });
  const approved = await api.POST('/api/cards/{id}/approve', { params: { path: { id: 'card_1' } } });
  const missing = await api.GET('/api/batches/{id}', { params: { path: { id: 'batch_missing' } } });
  return {
    sendMode: status.data?.send_mode,
    queued: queue.data?.items.map((item) => item.card.id),
    approved: approved.data?.message,
    sent: approved.data?.card.status,
    missing: [missing.response.status, missing.error?.error],
  };
};
`,
    );
    // Compiling is the check that the generated types describe what the client reads.
    await run(bin('tsc'), ['--ignoreConfig', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--outDir', join(WORK, 'out'), join(WORK, 'client.ts')], { cwd: WORK, timeout: 120_000 });
    writeFileSync(join(WORK, 'out', 'package.json'), '{"type":"module"}');
    const { exercise } = (await import(pathToFileURL(join(WORK, 'out', 'client.js')).href)) as { exercise: (base: string, token: string) => Promise<unknown> };
    expect(await exercise(baseUrl, TOKEN)).toEqual({ sendMode: 'sandbox', queued: ['card_1'], approved: 'Email sent via GHL', sent: 'sent', missing: [404, 'NotFound'] });
  }, 180_000);
});
