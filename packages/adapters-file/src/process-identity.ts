import { readFileSync } from 'node:fs';

/**
 * Who holds a lock, beyond the pid: pids are reused (a container restarted gets pid 1 or
 * a small pid again, and so may hold the very pid a dead holder wrote), so the holder is
 * recorded with its process start time (clock ticks since boot, `/proc/<pid>/stat` field
 * 22) and the boot id. Where `/proc` is missing (not Linux) both are absent and only the
 * pid counts.
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTicks?: number;
  readonly bootId?: string;
}

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** A process's start time in clock ticks since boot, or null (no such process, no /proc). */
export const processStartTicks = (pid: number): number | null => {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]); // field 22 overall: fields 3.. start at index 0
  return Number.isFinite(ticks) ? ticks : null;
};

let cachedBootId: string | null | undefined;
/** This machine's boot id (changes at every boot), or null without /proc. */
export const currentBootId = (): string | null => {
  if (cachedBootId === undefined) cachedBootId = readText('/proc/sys/kernel/random/boot_id')?.trim() || null;
  return cachedBootId;
};

/** Boot time in ms since the epoch (`btime` of /proc/stat), or null. */
const bootTimeMs = (): number | null => {
  const match = /^btime (\d+)$/m.exec(readText('/proc/stat') ?? '');
  return match ? Number(match[1]) * 1000 : null;
};

// USER_HZ: 100 on every Linux architecture Node supports (what /proc/<pid>/stat counts in).
const TICKS_PER_SECOND = 100;

/** The identity this process writes into a lock it takes. */
export const selfIdentity = (): ProcessIdentity => {
  const startTicks = processStartTicks(process.pid);
  const bootId = currentBootId();
  return { pid: process.pid, ...(startTicks !== null ? { startTicks } : {}), ...(bootId !== null ? { bootId } : {}) };
};

const pidExists = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Whether the process that wrote a lock still runs. No: its pid is gone, or the machine
 * booted since, or the process now holding that pid started at another time. A lock of
 * the earlier format (pid only) is the reused-pid case when the pid's process started
 * after the lock file was last written.
 */
export const holderStillRuns = (holder: ProcessIdentity, lockWrittenAtMs: number | null): boolean => {
  if (!pidExists(holder.pid)) return false;
  const bootId = currentBootId();
  if (holder.bootId !== undefined && bootId !== null && holder.bootId !== bootId) return false;
  const ticks = processStartTicks(holder.pid);
  if (ticks === null) return true; // no /proc: the pid is all there is to go on
  if (holder.startTicks !== undefined) return holder.startTicks === ticks;
  const boot = bootTimeMs();
  if (boot === null || lockWrittenAtMs === null) return true;
  // A second of slack: start times are in ticks, file times may be coarse.
  return boot + (ticks * 1000) / TICKS_PER_SECOND <= lockWrittenAtMs + 1_000;
};
