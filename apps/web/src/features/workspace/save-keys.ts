/**
 * A new idempotency key for one save: 128 random bits in hex. `crypto.getRandomValues` works in
 * every context, where `crypto.randomUUID` needs HTTPS or localhost.
 */
export function newSaveKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
