import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * SHA-256 of a string's UTF-8 bytes, lower-case hex. Core may not import `node:crypto`,
 * and Web Crypto is asynchronous, so it uses `@noble/hashes` (audited, pure, no I/O).
 * A lone surrogate is encoded as U+FFFD, as `TextEncoder` and `node:crypto` do.
 *
 * @category model
 */
export const sha256Hex = (input: string): string => bytesToHex(sha256(utf8ToBytes(input)));
