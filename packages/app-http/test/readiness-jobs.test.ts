import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t.jobs.close();
  await t.app.close();
});

const readyz = async () => {
  const response = await t.app.inject({ method: 'GET', url: '/readyz' });
  return { status: response.statusCode, body: response.json() };
};

describe('readiness reports the job engine', () => {
  it('shows the engine, its worker, its jobs and the last run of each periodic job', async () => {
    t = await startTestApp();
    await t.jobs.tick('clean-day-accounting');
    const { status, body } = await readyz();
    expect(status).toBe(200);
    expect(body.jobs).toMatchObject({ engine: 'in-process', healthy: true, required: false, connected: true, workers: 1, waiting: 0, failed: 0, oldest_waiting_at: null });
    expect(body.jobs.last_runs['clean-day-accounting']).toMatchObject({ ok: true, summary: expect.stringContaining('clean') });
    expect(body.mode).toBe('supervised');
  });

  it('with JOBS_REQUIRED=true an engine without a running worker makes the app unready; without it, only reported', async () => {
    t = await startTestApp({ JOBS_REQUIRED: 'true' });
    expect((await readyz()).status).toBe(200);
    await t.jobs.close();
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ready: false, jobs: { healthy: false, required: true, connected: false } });
    await t.app.close();
    t = await startTestApp();
    await t.jobs.close();
    const reported = await readyz();
    expect(reported.status).toBe(200);
    expect(reported.body.jobs).toMatchObject({ healthy: false, required: false });
  });
});
