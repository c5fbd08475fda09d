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

/**
 * Redis's own CPU so far, in µs: the server process's user + system time (`used_cpu_user`
 * and `used_cpu_sys` of INFO cpu, microsecond precision), read through `admin`. Taken
 * before and after some work, it counts everything the server did for it (reading and
 * parsing requests, the scripts, their replies) once; the `usec` of INFO commandstats
 * counts a script's inner commands twice (inside the script's own time and again on their
 * own lines) and leaves out the network.
 */
export const redisCpuMicros = async (admin) => {
  const text = await admin.info('cpu');
  const field = (name) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)[1]);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
};

export const machine = () => ({
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
});
