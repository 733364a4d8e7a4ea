import { modalityCode, specialtyLineage, specialtyName } from './expertise-vocabulary.js';
import type { Problem } from './problems.js';
import { pointer } from './problems.js';
import { EXPERTISE_LEVELS, type Expertise, type RequiredExpertise } from './template.js';

/** Whether a user's expertise meets a requirement, and why, in words a researcher reads. */
export interface ExpertiseMatch {
  readonly meets: boolean;
  readonly explanation: string;
}

const rank = (level: Expertise['level']) => EXPERTISE_LEVELS.indexOf(level);

/** "radiology, MR, at least advanced" */
export function describeRequirement(required: RequiredExpertise): string {
  return `${required.specialty}, ${required.modality.toUpperCase()}, at least ${required.minimumLevel}`;
}

/**
 * Matches a user's recorded expertise against a template's requirement: an entry for the
 * required specialty or one inside it (neuroradiology counts for radiology), for the same
 * modality, at the minimum level or above. The explanation names the entry that decided.
 */
export function matchExpertise(
  expertise: readonly Expertise[],
  required: RequiredExpertise | undefined,
): ExpertiseMatch {
  if (!required) return { meets: true, explanation: 'the template requires no expertise' };
  const specialty = specialtyLineage(required.specialty)[0]!;
  const modality = required.modality.toUpperCase();
  const relevant = expertise
    .filter(
      (e) =>
        specialtyLineage(e.specialty).includes(specialty) && e.modality.toUpperCase() === modality,
    )
    .sort((a, b) => rank(b.level) - rank(a.level));
  const best = relevant[0];
  if (!best) return { meets: false, explanation: `no ${specialty} expertise in ${modality}` };
  const within = specialtyLineage(best.specialty)[0] === specialty ? '' : ` (part of ${specialty})`;
  const entry = `${best.specialty}${within}, ${modality}, ${best.level}`;
  return rank(best.level) >= rank(required.minimumLevel)
    ? { meets: true, explanation: entry }
    : { meets: false, explanation: `${entry}: below ${required.minimumLevel}` };
}

export function meetsRequiredExpertise(
  expertise: readonly Expertise[],
  required: RequiredExpertise | undefined,
): boolean {
  return matchExpertise(expertise, required).meets;
}

/**
 * Puts a specialty and modality into the vocabulary's words ("Neuro-radiology" -> "neuroradiology",
 * "mr" -> "MR"), or reports each one outside it at `base` + /specialty or /modality.
 */
export function normalizeExpertiseTerms<T extends { specialty: string; modality: string }>(
  entry: T,
  base: (string | number)[],
): { value: T; problems: Problem[] } {
  const specialty = specialtyName(entry.specialty);
  const modality = modalityCode(entry.modality);
  const problems: Problem[] = [];
  if (specialty === undefined)
    problems.push({
      path: pointer(...base, 'specialty'),
      message: `unknown specialty ${JSON.stringify(entry.specialty)}: choose one from the list`,
    });
  if (modality === undefined)
    problems.push({
      path: pointer(...base, 'modality'),
      message: `unknown modality ${JSON.stringify(entry.modality)}: choose a DICOM modality from the list`,
    });
  return {
    value: {
      ...entry,
      specialty: specialty ?? entry.specialty,
      modality: modality ?? entry.modality,
    },
    problems,
  };
}
