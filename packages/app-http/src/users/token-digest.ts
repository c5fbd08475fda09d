import { createHash, randomBytes } from 'node:crypto';

/** The SHA-256 (hex) of a dashboard token: all the store keeps of it. */
export const tokenSha256 = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A new user token: 32 random bytes, base64url (43 characters), shown once. */
export const newUserToken = (): string => randomBytes(32).toString('base64url');
