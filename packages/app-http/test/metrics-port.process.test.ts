import { freePort } from '@caio/testkit';
import { describe, expect, it } from 'vitest';
import { startAppProcess } from './support/app-process.js';
import { fileStoreEnv } from './support/cli.js';

describe('caio serve with METRICS_PORT', () => {
  it('serves /metrics on its own listener only; the public listener has none', async () => {
    const metricsPort = await freePort();
    const app = await startAppProcess('metrics', { ...fileStoreEnv(), METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' });
    try {
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toContain('caio_scheduler_running 1');
      expect(text).toContain('caio_queue_cards{state="pending"}');
      expect(text).toContain('caio_process_resident_memory_bytes');
      expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);
      expect((await fetch(`${app.base}/metrics`)).status).toBe(404);
    } finally {
      await app.stop();
    }
  });
});
