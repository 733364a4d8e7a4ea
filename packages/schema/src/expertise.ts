import { EXPERTISE_LEVELS, type Expertise, type RequiredExpertise } from './template.js';

/**
 * Whether a user's recorded expertise satisfies a template's requirement: one entry with the
 * same specialty and modality (case-insensitive) at the minimum level or above.
 */
export function meetsRequiredExpertise(
  expertise: readonly Expertise[],
  required: RequiredExpertise | undefined,
): boolean {
  if (!required) return true;
  const minimum = EXPERTISE_LEVELS.indexOf(required.minimumLevel);
  return expertise.some(
    (e) =>
      e.specialty.toLowerCase() === required.specialty.toLowerCase() &&
      e.modality.toLowerCase() === required.modality.toLowerCase() &&
      EXPERTISE_LEVELS.indexOf(e.level) >= minimum,
  );
}
