// Shared timing helpers: every figure is a ratio of two things measured in the same run.
import os from 'node:os';

/** Runs `op` `count` times with `concurrency` in flight; returns operations per second. */
export const throughput = async (count, concurrency, op) => {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < count) await op(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
};

/** Median of `rounds` measurements (each a number), to damp noise on a shared machine. */
export const median = async (rounds, measure) => {
  const values = [];
  for (let i = 0; i < rounds; i++) values.push(await measure(i));
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
};

export const machine = () => ({
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
});
