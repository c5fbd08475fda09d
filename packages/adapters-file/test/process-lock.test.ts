import { FileStateStore } from '@caio/adapters-file';
import { aLead } from '@caio/testkit';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartTicks, selfIdentity } from '../src/process-identity.js';
import { ProcessLock } from '../src/process-lock.js';
import { tempDir } from './temp-dir.js';

const dirs: { remove: () => void }[] = [];
const lockPath = () => {
  const dir = tempDir('caio-lock-');
  dirs.push(dir);
  return join(dir.path, '.lock');
};
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const me = selfIdentity();
const LONG_AGO = new Date('2001-01-01T00:00:00Z');

describe('ProcessLock and reused pids', () => {
  it('records pid, process start time and boot id', async () => {
    const path = lockPath();
    const lock = new ProcessLock(path);
    await lock.acquire();
    const written = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ pid: process.pid, startTicks: processStartTicks(process.pid), bootId: me.bootId });
    await lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('breaks a lock whose pid is alive again but names a process that started at another time', async () => {
    // The trap: a container restarted, and its new process got the pid the dead holder wrote.
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: process.pid, startTicks: me.startTicks! - 1, bootId: me.bootId, token: 'dead-holder' }));
    const lock = new ProcessLock(path, 2_000);
    await lock.acquire(); // a hang would throw after 2 s
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, startTicks: me.startTicks });
    await lock.release();
  });

  it('breaks a lock written before the machine last booted', async () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: process.pid, startTicks: me.startTicks, bootId: 'another-boot', token: 'dead-holder' }));
    await new ProcessLock(path, 2_000).acquire();
  });

  it('breaks a lock of the pid-only format when that pid now names a process younger than the lock file', async () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: process.pid, token: 'dead-holder' }));
    utimesSync(path, LONG_AGO, LONG_AGO);
    await new ProcessLock(path, 2_000).acquire();
  });

  it('keeps waiting for a holder that still runs, in either format, and gets the lock once it is released', async () => {
    const path = lockPath();
    const holder = new ProcessLock(path);
    await holder.acquire();
    await expect(new ProcessLock(path, 300).acquire()).rejects.toThrow(/timed out after 300 ms/);
    await holder.release();
    // A pid-only lock written just now by a process that runs (this one) is respected too.
    writeFileSync(path, JSON.stringify({ pid: process.pid, token: 'old-format-live-holder' }));
    await expect(new ProcessLock(path, 300).acquire()).rejects.toThrow(/timed out/);
  });

  it('a file store whose directory holds such a stale lock opens and writes at once', async () => {
    const dir = tempDir('caio-lock-store-');
    dirs.push(dir);
    writeFileSync(join(dir.path, '.lock'), JSON.stringify({ pid: process.pid, startTicks: me.startTicks! + 12_345, bootId: me.bootId, token: 'previous-container' }));
    const store = (await FileStateStore.open({ dir: dir.path }))._unsafeUnwrap();
    expect((await store.putLead(aLead('ada'), null)).isOk()).toBe(true);
    await store.close();
  });
});
