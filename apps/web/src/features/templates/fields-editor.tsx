import { FORM_FIELD_KINDS, type FormField } from '@medlabel/schema';
import { newField, removeAt, replaceAt } from './definition-editing.js';
import { LabelsEditor } from './labels-editor.js';

/** The builder's form fields: add one per kind, then each field's title, rules and options. */
export function FieldsEditor({
  fields,
  onChange,
}: {
  fields: FormField[];
  onChange: (fields: FormField[]) => void;
}) {
  return (
    <fieldset>
      <legend>Form fields</legend>
      {fields.map((field, i) => (
        <div key={i} className="item">
          <div className="row">
            <span className="kind">{field.kind}</span>
            <label>
              Id
              <input
                type="text"
                value={field.id}
                size={10}
                onChange={(e) => onChange(replaceAt(fields, i, { ...field, id: e.target.value }))}
              />
            </label>
            <label>
              Title
              <input
                type="text"
                value={field.title}
                onChange={(e) =>
                  onChange(replaceAt(fields, i, { ...field, title: e.target.value }))
                }
              />
            </label>
            <label className="inline">
              <input
                type="checkbox"
                checked={field.required ?? false}
                onChange={(e) =>
                  onChange(replaceAt(fields, i, { ...field, required: e.target.checked }))
                }
              />
              Required
            </label>
            <button
              type="button"
              onClick={() => onChange(removeAt(fields, i))}
              aria-label={`Remove field ${field.title}`}
            >
              Remove
            </button>
          </div>
          {field.kind === 'number' && (
            <div className="row">
              <label>
                Unit
                <input
                  type="text"
                  size={6}
                  value={field.unit ?? ''}
                  onChange={(e) =>
                    onChange(replaceAt(fields, i, { ...field, unit: e.target.value || undefined }))
                  }
                />
              </label>
              <label>
                Min
                <input
                  type="number"
                  value={field.min ?? ''}
                  onChange={(e) =>
                    onChange(
                      replaceAt(fields, i, {
                        ...field,
                        min: e.target.value === '' ? undefined : Number(e.target.value),
                      }),
                    )
                  }
                />
              </label>
              <label>
                Max
                <input
                  type="number"
                  value={field.max ?? ''}
                  onChange={(e) =>
                    onChange(
                      replaceAt(fields, i, {
                        ...field,
                        max: e.target.value === '' ? undefined : Number(e.target.value),
                      }),
                    )
                  }
                />
              </label>
            </div>
          )}
          {field.kind === 'select' && (
            <LabelsEditor
              legend={`Options of ${field.title}`}
              noun="option"
              hotkeys={false}
              colours={false}
              minItems={1}
              labels={field.options.map((name) => ({ name }))}
              onChange={(options) =>
                onChange(replaceAt(fields, i, { ...field, options: options.map((o) => o.name) }))
              }
            />
          )}
        </div>
      ))}
      <div className="row">
        {FORM_FIELD_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            onClick={() => onChange([...fields, newField(kind, fields.length)])}
          >
            Add {kind}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
