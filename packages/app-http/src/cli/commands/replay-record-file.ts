import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const FILE = 'replay-result.json';
const schema = z.object({ passRate: z.number().min(0).max(1), cases: z.number().int(), at: z.string(), dir: z.string().optional() });

/** The last replay gate result, kept next to the store so `readiness` can use it. */
export const writeReplayResult = async (stateDir: string, result: z.infer<typeof schema>): Promise<void> => {
  await mkdir(stateDir, { recursive: true });
  await writeFile(join(stateDir, FILE), `${JSON.stringify(result, null, 2)}\n`);
};

export const readReplayPassRate = async (stateDir: string): Promise<number | null> => {
  try {
    return schema.parse(JSON.parse(await readFile(join(stateDir, FILE), 'utf8'))).passRate;
  } catch {
    return null;
  }
};
