import type { TemplateDefinition } from '@medlabel/schema';
import type { SetDefinition } from './definition-editing.js';
import { ModalitySelect, SpecialtySelect } from '../../components/vocabulary-selects.js';

/** The expertise automatic assignment requires: a specialty, a modality, a minimum level. */
export function RequiredExpertiseEditor({
  definition,
  set,
}: {
  definition: TemplateDefinition;
  set: SetDefinition;
}) {
  const r = definition.requiredExpertise;
  return (
    <fieldset>
      <legend>Required expertise (for automatic assignment)</legend>
      <div className="row">
        <label>
          Specialty
          <SpecialtySelect
            optional
            value={r?.specialty ?? ''}
            onChange={(specialty) =>
              set({
                requiredExpertise: specialty
                  ? {
                      specialty,
                      // No default modality: the researcher names it (a problem says so until then).
                      modality: r?.modality ?? '',
                      minimumLevel: r?.minimumLevel ?? 'intermediate',
                    }
                  : undefined,
              })
            }
          />
        </label>
        {r && (
          <>
            <label>
              Modality
              <ModalitySelect
                value={r.modality}
                onChange={(modality) => set({ requiredExpertise: { ...r, modality } })}
              />
            </label>
            <label>
              Minimum level
              <select
                value={r.minimumLevel}
                onChange={(e) =>
                  set({
                    requiredExpertise: {
                      ...r,
                      minimumLevel: e.target.value as typeof r.minimumLevel,
                    },
                  })
                }
              >
                <option>novice</option>
                <option>intermediate</option>
                <option>advanced</option>
                <option>expert</option>
              </select>
            </label>
          </>
        )}
      </div>
    </fieldset>
  );
}
