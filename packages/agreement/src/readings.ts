/**
 * Image-level readings: one row per image (unit), one column per reader, the label a reader gave
 * or null where that reader did not read the image.
 */
export type Readings = readonly (readonly (string | null)[])[];

/** A value outside the declared label set, or a table of the wrong shape: the caller's error. */
export class ReadingsError extends Error {
  override name = 'ReadingsError';
}

/** The index of each label in `categories`; throws on a label the set does not declare. */
export function categoryIndex(categories: readonly string[]): (label: string) => number {
  const index = new Map(categories.map((c, i) => [c, i]));
  if (index.size !== categories.length) throw new ReadingsError('categories repeat a label');
  return (label) => {
    const i = index.get(label);
    if (i === undefined) throw new ReadingsError(`label "${label}" is not one of the categories`);
    return i;
  };
}

/** The labels of one image that are present. */
export function presentLabels(row: readonly (string | null)[]): string[] {
  return row.filter((label): label is string => label !== null);
}

/** The images both readers read, as pairs of labels (first reader, second reader). */
export function pairedReadings(
  first: readonly (string | null)[],
  second: readonly (string | null)[],
): [string, string][] {
  if (first.length !== second.length) {
    throw new ReadingsError('the two readers must list the same images in the same order');
  }
  const pairs: [string, string][] = [];
  for (let i = 0; i < first.length; i++) {
    const a = first[i];
    const b = second[i];
    if (a != null && b != null) pairs.push([a, b]);
  }
  return pairs;
}
