import { EXPERTISE_LEVELS } from '@medlabel/schema';
import type { User } from '../api.js';
import { ModalitySelect, SpecialtySelect } from './vocabulary-selects.js';

export type Expertise = User['expertise'][number];

/** Edits a list of {specialty, modality, level}; one row per entry. */
export function ExpertiseEditor({
  value,
  onChange,
  idPrefix,
}: {
  value: Expertise[];
  onChange: (v: Expertise[]) => void;
  idPrefix: string;
}) {
  const update = (i: number, patch: Partial<Expertise>) =>
    onChange(value.map((e, j) => (i === j ? { ...e, ...patch } : e)));
  return (
    <fieldset className="expertise">
      <legend>Expertise</legend>
      {value.map((entry, i) => (
        <div key={i} className="row">
          <label>
            Specialty
            <SpecialtySelect
              id={`${idPrefix}-specialty-${i}`}
              value={entry.specialty}
              onChange={(specialty) => update(i, { specialty })}
            />
          </label>
          <label>
            Modality
            <ModalitySelect
              value={entry.modality}
              onChange={(modality) => update(i, { modality })}
            />
          </label>
          <label>
            Level
            <select
              value={entry.level}
              onChange={(e) => update(i, { level: e.target.value as Expertise['level'] })}
            >
              {EXPERTISE_LEVELS.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
          <button
            type="button"
            aria-label={`Remove expertise ${i + 1}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange([...value, { specialty: '', modality: '', level: 'intermediate' }])}
      >
        Add expertise
      </button>
    </fieldset>
  );
}
