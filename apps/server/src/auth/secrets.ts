import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id (the library default) with OWASP's minimum: 19 MiB, 2 passes.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, ARGON2);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A random URL-safe secret. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Sessions and API tokens are stored as this digest, never in clear. */
export const digest = (token: string) => createHash('sha256').update(token).digest('hex');
