import { useLayoutEffect, useState } from 'react';
import {
  exampleTemplates,
  FORM_FIELD_KINDS,
  TOOL_KINDS,
  validateTemplateDefinition,
  type FormField,
  type TemplateDefinition,
  type Tool,
} from '@medlabel/schema';
import { api, unwrap, useLoad } from '../../api.js';
import { ErrorText, LoadStatus } from '../../components/status.js';
import { ModalitySelect, SpecialtySelect } from '../../components/vocabulary-selects.js';
import { Link, navigate } from '../../router.js';
import { problemPlace } from './problem-place.js';
import { BLANK_TEMPLATE, newField, newTool, removeAt, replaceAt } from './definition-editing.js';
import { LabelsEditor } from './labels-editor.js';
import { TemplatePreview } from './template-preview.js';

/** The template builder: edit the definition with a live preview; saving an existing template makes a new version. */
export function TemplateBuilderPage({ templateId }: { templateId: number | null }) {
  const existing = useLoad(
    async () =>
      templateId === null
        ? null
        : unwrap(await api.GET('/api/templates/{id}', { params: { path: { id: templateId } } })),
    [templateId],
  );
  const [definition, setDefinition] = useState<TemplateDefinition>(BLANK_TEMPLATE);
  /** Bumped when a whole definition is loaded, so the list editors start afresh. */
  const [generation, setGeneration] = useState(0);
  const replace = (next: TemplateDefinition) => {
    setDefinition(next);
    setGeneration((g) => g + 1);
  };
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');

  // Before the first paint with the loaded template, so its form never shows blank.
  useLayoutEffect(() => {
    if (existing.data) replace(existing.data.definition);
  }, [existing.data]);

  const validation = validateTemplateDefinition(definition);
  const set = (patch: Partial<TemplateDefinition>) => setDefinition((d) => ({ ...d, ...patch }));

  const save = async () => {
    setError(undefined);
    try {
      if (existing.data) {
        const updated = unwrap(
          await api.PUT('/api/templates/{id}', {
            params: { path: { id: existing.data.id } },
            body: { definition, baseVersion: existing.data.version },
          }),
        );
        setSaved(`Saved as version ${updated.version}.`);
        existing.reload();
      } else {
        const created = unwrap(await api.POST('/api/templates', { body: { definition } }));
        navigate(`/templates/${created.id}`);
      }
    } catch (e) {
      setError(e);
    }
  };

  const loadVersion = async (version: number) => {
    if (!existing.data) return;
    const v = unwrap(
      await api.GET('/api/templates/{id}/versions/{version}', {
        params: { path: { id: existing.data.id, version } },
      }),
    );
    replace(v.definition);
    setSaved(`Loaded version ${version}; saving makes it the newest version.`);
  };

  return (
    <div className="page wide">
      <p>
        <Link href="/templates">← Templates</Link>
      </p>
      <h1>
        {existing.data
          ? `Template: ${existing.data.name}`
          : templateId === null
            ? 'New template'
            : 'Template'}
      </h1>
      <LoadStatus loaded={existing} />
      {/* An existing template's form waits for it: a blank form must not flash up first. */}
      {(templateId === null || existing.data) && (
        <div className="builder">
          <form
            className="card stack"
            aria-label="Template definition"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            {!existing.data && (
              <label>
                Start from an example
                <select
                  value=""
                  onChange={(e) => {
                    const example =
                      exampleTemplates[e.target.value as keyof typeof exampleTemplates];
                    if (example) replace(structuredClone(example));
                  }}
                >
                  <option value="">—</option>
                  {Object.entries(exampleTemplates).map(([key, t]) => (
                    <option key={key} value={key}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              Name
              <input
                type="text"
                value={definition.name}
                onChange={(e) => set({ name: e.target.value })}
              />
            </label>
            <label>
              Description
              <textarea
                value={definition.description ?? ''}
                onChange={(e) => set({ description: e.target.value || undefined })}
              />
            </label>
            <ClassificationEditor key={`c${generation}`} definition={definition} set={set} />
            <ToolsEditor
              key={`t${generation}`}
              tools={definition.tools}
              onChange={(tools) => set({ tools })}
            />
            <FieldsEditor
              key={`f${generation}`}
              fields={definition.fields}
              onChange={(fields) => set({ fields })}
            />
            <RequiredExpertiseEditor definition={definition} set={set} />
            {!validation.ok && (
              <ul
                className="problems"
                aria-label="Problems in the definition"
                data-testid="template-problems"
              >
                {validation.problems.map((p) => {
                  const place = problemPlace(definition, p.path);
                  return (
                    <li key={p.path + p.message}>
                      {place ? `${place}: ` : ''}
                      {p.message}
                    </li>
                  );
                })}
              </ul>
            )}
            <ErrorText error={error} />
            {saved && <p role="status">{saved}</p>}
            <button type="submit" className="primary" disabled={!validation.ok}>
              {existing.data ? 'Save as new version' : 'Create template'}
            </button>
          </form>
          <div className="stack">
            <TemplatePreview definition={definition} />
            {existing.data && (
              <section className="card" aria-labelledby="versions-title">
                <h2 id="versions-title">Versions</h2>
                <ol reversed>
                  {Array.from(
                    { length: existing.data.version },
                    (_, i) => existing.data!.version - i,
                  ).map((version) => (
                    <li key={version}>
                      Version {version} {version === existing.data!.version && '(current)'}{' '}
                      <button type="button" onClick={() => void loadVersion(version)}>
                        Load
                      </button>
                    </li>
                  ))}
                </ol>
              </section>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

type Set = (patch: Partial<TemplateDefinition>) => void;

function ClassificationEditor({ definition, set }: { definition: TemplateDefinition; set: Set }) {
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

function ToolsEditor({ tools, onChange }: { tools: Tool[]; onChange: (tools: Tool[]) => void }) {
  return (
    <fieldset>
      <legend>Drawing tools</legend>
      {tools.map((tool, i) => (
        <div key={i} className="item" data-tool-editor={i}>
          <div className="row">
            <span className="kind">{tool.kind}</span>
            <label>
              Id
              <input
                type="text"
                value={tool.id}
                size={10}
                onChange={(e) => onChange(replaceAt(tools, i, { ...tool, id: e.target.value }))}
              />
            </label>
            <label>
              Title
              <input
                type="text"
                value={tool.title}
                onChange={(e) => onChange(replaceAt(tools, i, { ...tool, title: e.target.value }))}
              />
            </label>
            <label>
              Hotkey
              <input
                type="text"
                value={tool.hotkey ?? ''}
                size={2}
                maxLength={1}
                onChange={(e) =>
                  onChange(replaceAt(tools, i, { ...tool, hotkey: e.target.value || undefined }))
                }
              />
            </label>
            <label className="inline">
              <input
                type="checkbox"
                checked={tool.required ?? false}
                onChange={(e) =>
                  onChange(replaceAt(tools, i, { ...tool, required: e.target.checked }))
                }
              />
              Required
            </label>
            <button
              type="button"
              onClick={() => onChange(removeAt(tools, i))}
              aria-label={`Remove tool ${tool.title}`}
            >
              Remove
            </button>
          </div>
          {tool.kind === 'keypoint' ? (
            <LabelsEditor
              legend={`Keypoints of ${tool.title}`}
              noun="keypoint"
              hotkeys={false}
              minItems={1}
              labels={tool.keypoints}
              onChange={(keypoints) => onChange(replaceAt(tools, i, { ...tool, keypoints }))}
            />
          ) : (
            <LabelsEditor
              legend={`Labels of ${tool.title} (optional)`}
              labels={tool.labels ?? []}
              onChange={(labels) =>
                onChange(
                  replaceAt(tools, i, { ...tool, labels: labels.length > 0 ? labels : undefined }),
                )
              }
            />
          )}
          {tool.kind === 'ruler' && (
            <label>
              Unit
              <select
                value={tool.unit}
                onChange={(e) =>
                  onChange(
                    replaceAt(tools, i, { ...tool, unit: e.target.value as 'mm' | 'cm' | 'px' }),
                  )
                }
              >
                <option>mm</option>
                <option>cm</option>
                <option>px</option>
              </select>
            </label>
          )}
        </div>
      ))}
      <div className="row">
        {TOOL_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            onClick={() => onChange([...tools, newTool(kind, tools.length)])}
          >
            Add {kind}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

function FieldsEditor({
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

function RequiredExpertiseEditor({
  definition,
  set,
}: {
  definition: TemplateDefinition;
  set: Set;
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
