/**
 * Measurements: one row per image, one column per reader, a number (e.g. a length in mm) or null
 * where that reader did not measure the image.
 */
export type Measurements = readonly (readonly (number | null)[])[];

export class MeasurementsError extends Error {
  override name = 'MeasurementsError';
}

/** The rows every reader measured (ICC needs a complete table), as plain numbers. */
export function completeRows(measurements: Measurements): number[][] {
  const readers = measurements[0]?.length ?? 0;
  const rows: number[][] = [];
  for (const row of measurements) {
    if (row.length !== readers) throw new MeasurementsError('every row needs one cell per reader');
    if (row.some((v) => v !== null && !Number.isFinite(v))) {
      throw new MeasurementsError('measurements must be finite numbers');
    }
    if (row.every((v) => v !== null)) rows.push(row as number[]);
  }
  return rows;
}
