import { spawnSync } from 'node:child_process';

/** What the nodes of the shared Redis have done so far: commands (those run inside scripts included), scripts, CPU, memory held. */
export interface RedisWork {
  readonly commands: number;
  readonly scripts: number;
  readonly cpuMs: number;
  readonly memoryBytes: number;
}

export const redisWork = (ports: readonly number[]): RedisWork =>
  ports.reduce<RedisWork>(
    (sum, port) => {
      const info = spawnSync('redis-cli', ['-p', String(port), 'info', 'all'], { encoding: 'utf8', timeout: 5_000 }).stdout;
      const field = (pattern: RegExp) => Number(pattern.exec(info)?.[1] ?? Number.NaN);
      return {
        commands: sum.commands + field(/total_commands_processed:(\d+)/),
        scripts: sum.scripts + (field(/cmdstat_evalsha:calls=(\d+)/) || 0) + (field(/cmdstat_eval:calls=(\d+)/) || 0),
        cpuMs: sum.cpuMs + (field(/used_cpu_sys:([\d.]+)/) + field(/used_cpu_user:([\d.]+)/)) * 1000,
        memoryBytes: sum.memoryBytes + field(/used_memory:(\d+)/),
      };
    },
    { commands: 0, scripts: 0, cpuMs: 0, memoryBytes: 0 },
  );

/** The work done between `before` and now, per unit. */
export const workPer = (ports: readonly number[], before: RedisWork, units: number): RedisWork => {
  const after = redisWork(ports);
  const round = (n: number) => Math.round((n / units) * 100) / 100;
  return {
    commands: round(after.commands - before.commands),
    scripts: round(after.scripts - before.scripts),
    cpuMs: round(after.cpuMs - before.cpuMs),
    memoryBytes: Math.round((after.memoryBytes - before.memoryBytes) / units),
  };
};
