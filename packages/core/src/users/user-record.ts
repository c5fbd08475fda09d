import { z } from 'zod';
import { isRole, type Role } from './role.js';
import { isTokenSha256, parseUserName, type User } from './user.js';

/**
 * A user as an adapter stored it: stored JSON is parsed, never trusted, so a damaged or
 * hand-edited record is refused (`StoreCorrupt`) instead of granting a role.
 *
 * @category adapters
 */
export const userRecordSchema = z
  .object({
    name: z.string().refine((n) => parseUserName(n).isOk(), 'not a user name'),
    role: z.string().refine(isRole, 'not a role'),
    tokenSha256: z.string().refine(isTokenSha256, 'not a SHA-256 digest'),
    createdAt: z.string().min(1),
    rotatedAt: z.string().min(1).optional(),
  })
  .strict()
  .transform((u): User => ({ name: u.name, role: u.role as Role, tokenSha256: u.tokenSha256, createdAt: u.createdAt, ...(u.rotatedAt === undefined ? {} : { rotatedAt: u.rotatedAt }) }));
