import { createHmac } from 'node:crypto';

/**
 * A new UID for `uid`, the same for the same secret: "2.25." followed by 128 bits of
 * HMAC-SHA-256(secret, uid) as a decimal integer (PS3.5 B.2), at most 44 characters.
 */
export function replacementUid(uid: string, secret: string): string {
  const digest = createHmac('sha256', secret).update(`uid:${uid}`).digest('hex');
  return `2.25.${BigInt(`0x${digest.slice(0, 32)}`).toString()}`;
}

/** A stable pseudonym for a patient identifier, e.g. "ANON-3F2A9C41B07D". */
export function patientPseudonym(identifier: string, secret: string): string {
  const digest = createHmac('sha256', secret).update(`patient:${identifier}`).digest('hex');
  return `ANON-${digest.slice(0, 12).toUpperCase()}`;
}
