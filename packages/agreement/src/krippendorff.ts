import { presentLabels, ReadingsError, type Readings } from './readings.js';

/**
 * Krippendorff's alpha for nominal labels, any number of readers, missing readings allowed
 * (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"): built from the coincidence
 * matrix of pairable values; images with fewer than two readings contribute nothing.
 */
export function krippendorffAlpha(readings: Readings): number {
  // Per category: how often it occurs among pairable values (n_c), and the diagonal of the
  // coincidence matrix (o_cc). Disagreement is everything off the diagonal.
  const occurrences = new Map<string, number>();
  let pairable = 0;
  let agreeing = 0;
  for (const row of readings) {
    const labels = presentLabels(row);
    const m = labels.length;
    if (m < 2) continue;
    const counts = new Map<string, number>();
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    for (const [label, c] of counts) {
      occurrences.set(label, (occurrences.get(label) ?? 0) + c);
      agreeing += (c * (c - 1)) / (m - 1);
    }
    pairable += m;
  }
  if (pairable === 0) throw new ReadingsError('no image was read by two readers');
  let expectedAgreeing = 0;
  for (const n of occurrences.values()) expectedAgreeing += n * (n - 1);
  const observedDisagreement = pairable - agreeing;
  const expectedDisagreement = (pairable * (pairable - 1) - expectedAgreeing) / (pairable - 1);
  return 1 - observedDisagreement / expectedDisagreement;
}
