import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RUNNING_VERSION } from '../../replay/running-version.js';

const FILE = 'replay-result.json';
const schema = z.object({ passRate: z.number().min(0).max(1), cases: z.number().int(), at: z.string(), dir: z.string().optional(), version: z.string().optional() });

/** The last replay gate result, kept next to the store so `readiness` can use it; stamped with the running version. */
export const writeReplayResult = async (stateDir: string, result: Omit<z.infer<typeof schema>, 'version'>): Promise<void> => {
  await mkdir(stateDir, { recursive: true });
  await writeFile(join(stateDir, FILE), `${JSON.stringify({ ...result, version: RUNNING_VERSION }, null, 2)}\n`);
};

/**
 * The pass rate of the last replay gate run with this version of the app; null when none
 * is recorded, or it was recorded by another version (the autonomy go/no-go and its
 * breaker then count the gate as missing).
 */
export const readReplayPassRate = async (stateDir: string, version = RUNNING_VERSION): Promise<number | null> => {
  try {
    const recorded = schema.parse(JSON.parse(await readFile(join(stateDir, FILE), 'utf8')));
    return recorded.version === version ? recorded.passRate : null;
  } catch {
    return null;
  }
};
