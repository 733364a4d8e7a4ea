// Imported metadata as rows of the `image_metadata` search index: what `meta.<key>:value` finds.
import { META_KEY, META_KEY_MAX_LENGTH, isSearchNumber } from '@medlabel/schema';

/** Longer values are not indexed: they would not fit a PostgreSQL b-tree entry. */
export const META_VALUE_MAX_LENGTH = 500;

export interface MetadataEntry {
  key: string;
  value: string;
  /** the value as a number when it reads as one (for `>`, `>=`, `<`, `<=`), else null */
  number: number | null;
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

/**
 * The searchable entries of one image's metadata object. Top-level keys only, lower-cased; a
 * string, finite number or boolean gives one entry (its text), an array gives one entry per
 * scalar element (so `meta.tags:x` finds any element); nested objects, null and keys the query
 * language cannot name are skipped, as are values over META_VALUE_MAX_LENGTH characters.
 * Duplicates (keys differing only in case, repeated array elements) collapse to one entry.
 */
export function metadataEntries(metadata: unknown): MetadataEntry[] {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return [];
  const entries = new Map<string, MetadataEntry>();
  for (const [rawKey, raw] of Object.entries(metadata)) {
    const key = rawKey.toLowerCase();
    if (!META_KEY.test(key) || key.length > META_KEY_MAX_LENGTH) continue;
    for (const element of Array.isArray(raw) ? raw : [raw]) {
      const value = scalarText(element);
      if (value === null || value.length > META_VALUE_MAX_LENGTH) continue;
      const number = isSearchNumber(value.trim()) ? Number(value) : null;
      entries.set(JSON.stringify([key, value]), { key, value, number });
    }
  }
  return [...entries.values()];
}
