/**
 * Splits a list into pieces of at most `size`: statements with long `in (...)` lists or many
 * value rows stay under SQLite's and PostgreSQL's bound-parameter limits.
 */
export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
