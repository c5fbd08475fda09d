import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;

/**
 * Cryptographically random bytes taken from a pool refilled 4 KiB at a time. Every
 * `randomBytes(n)` call is a `getrandom` system call (about 6 µs on the 2-core virtual
 * machine of docs/performance.md, against 0.1-0.3 µs from the pool), and the hot paths
 * need only a few bytes each, several times per request: an id for each audit entry and
 * inbox claim, a trace id. Not for secrets or tokens, which keep their own `randomBytes`
 * (nothing of a pool should outlive its use there).
 *
 * @category adapters
 */
export class RandomPool {
  private readonly pool = Buffer.allocUnsafe(POOL_BYTES);
  private offset = POOL_BYTES;

  /** `count` fresh random bytes (a copy; at most the pool size). */
  bytes(count: number): Buffer {
    if (!Number.isInteger(count) || count < 0 || count > POOL_BYTES) throw new RangeError(`RandomPool.bytes: count must be an integer in 0..${POOL_BYTES}, got ${count}`);
    if (this.offset + count > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const out = Buffer.from(this.pool.subarray(this.offset, this.offset + count));
    // Bytes handed out are never handed out again: zero them in the pool.
    this.pool.fill(0, this.offset, this.offset + count);
    this.offset += count;
    return out;
  }

  /** A random unsigned 32-bit integer. */
  uint32(): number {
    if (this.offset + 4 > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const value = this.pool.readUInt32BE(this.offset);
    this.pool.fill(0, this.offset, this.offset + 4);
    this.offset += 4;
    return value;
  }
}

/** The process's shared pool (ids and trace ids; not secrets). */
export const sharedRandomPool = new RandomPool();
