import type { TemplateDefinition } from '@medlabel/schema';
import type { SetDefinition } from './definition-editing.js';
import { LabelsEditor } from './labels-editor.js';

/** The builder's image-level labels: on or off, single or multiple choice, the label list. */
export function ClassificationEditor({
  definition,
  set,
}: {
  definition: TemplateDefinition;
  set: SetDefinition;
}) {
  const c = definition.classification;
  return (
    <fieldset>
      <legend>Image-level labels</legend>
      <label className="inline">
        <input
          type="checkbox"
          checked={c !== undefined}
          onChange={(e) =>
            set({
              classification: e.target.checked
                ? {
                    title: 'Label',
                    choice: 'single',
                    required: true,
                    labels: [{ name: 'label 1' }],
                  }
                : undefined,
            })
          }
        />
        Ask for labels
      </label>
      {c && (
        <>
          <label>
            Question
            <input
              type="text"
              value={c.title ?? ''}
              onChange={(e) =>
                set({ classification: { ...c, title: e.target.value || undefined } })
              }
            />
          </label>
          <label>
            Choice
            <select
              value={c.choice}
              onChange={(e) =>
                set({ classification: { ...c, choice: e.target.value as 'single' | 'multi' } })
              }
            >
              <option value="single">one label (radio)</option>
              <option value="multi">several labels (checkboxes)</option>
            </select>
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={c.required}
              onChange={(e) => set({ classification: { ...c, required: e.target.checked } })}
            />
            Required
          </label>
          <LabelsEditor
            legend="Labels"
            labels={c.labels}
            onChange={(labels) => set({ classification: { ...c, labels } })}
          />
        </>
      )}
    </fieldset>
  );
}
