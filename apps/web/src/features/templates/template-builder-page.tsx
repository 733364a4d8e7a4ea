import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  exampleTemplates,
  validateTemplateDefinition,
  type TemplateDefinition,
} from '@medlabel/schema';
import { api, unwrap, type Template } from '../../api.js';
import { keys, templateQuery, templateVersionQuery } from '../../queries.js';
import { ErrorText, LoadStatus } from '../../components/status.js';
import { navigate } from '../../router.js';
import { problemPlace } from './problem-place.js';
import { BLANK_TEMPLATE } from './definition-editing.js';
import { ClassificationEditor } from './classification-editor.js';
import { ToolsEditor } from './tools-editor.js';
import { FieldsEditor } from './fields-editor.js';
import { RequiredExpertiseEditor } from './required-expertise-editor.js';
import { TemplatePreview } from './template-preview.js';
import { BackLink } from '../../components/back-link.js';

/** The template builder: edit the definition with a live preview; saving an existing template makes a new version. */
export function TemplateBuilderPage({ templateId }: { templateId: number | null }) {
  const existing = useQuery(templateQuery(templateId));
  // An existing template's form waits for it: a blank form must not flash up first.
  if (templateId !== null && !existing.data) {
    return (
      <div className="page wide">
        <BackLink href="/templates">Templates</BackLink>
        <h1>Template</h1>
        <LoadStatus query={existing} />
      </div>
    );
  }
  return <TemplateBuilder key={templateId ?? 'new'} existing={existing.data ?? null} />;
}

function TemplateBuilder({ existing }: { existing: Template | null }) {
  const queries = useQueryClient();
  const [definition, setDefinition] = useState<TemplateDefinition>(
    existing?.definition ?? BLANK_TEMPLATE,
  );
  /** Bumped when a whole definition is loaded, so the list editors start afresh. */
  const [generation, setGeneration] = useState(0);
  const replace = (next: TemplateDefinition) => {
    setDefinition(next);
    setGeneration((g) => g + 1);
  };
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');

  const validation = validateTemplateDefinition(definition);
  const set = (patch: Partial<TemplateDefinition>) => setDefinition((d) => ({ ...d, ...patch }));

  const save = async () => {
    setError(undefined);
    try {
      if (existing) {
        const updated = unwrap(
          await api.PUT('/api/templates/{id}', {
            params: { path: { id: existing.id } },
            body: { definition, baseVersion: existing.version },
          }),
        );
        setSaved(`Saved as version ${updated.version}.`);
        void queries.invalidateQueries({ queryKey: keys.templates });
      } else {
        const created = unwrap(await api.POST('/api/templates', { body: { definition } }));
        // The new template's page opens on what the server answered, with no load in between.
        queries.setQueryData(templateQuery(created.id).queryKey, created);
        navigate(`/templates/${created.id}`);
      }
    } catch (e) {
      setError(e);
    }
  };

  const loadVersion = async (version: number) => {
    if (!existing) return;
    const v = await queries.fetchQuery(
      templateVersionQuery({ templateId: existing.id, templateVersion: version }),
    );
    replace(v.definition);
    setSaved(`Loaded version ${version}; saving makes it the newest version.`);
  };

  return (
    <div className="page wide">
      <BackLink href="/templates">Templates</BackLink>
      <h1>{existing ? `Template: ${existing.name}` : 'New template'}</h1>
      <div className="builder">
        <form
          className="card stack"
          aria-label="Template definition"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {!existing && (
            <label>
              Start from an example
              <select
                value=""
                onChange={(e) => {
                  const example = exampleTemplates[e.target.value as keyof typeof exampleTemplates];
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
            {existing ? 'Save as new version' : 'Create template'}
          </button>
        </form>
        <div className="stack">
          <TemplatePreview definition={definition} />
          {existing && (
            <section className="card" aria-labelledby="versions-title">
              <h2 id="versions-title">Versions</h2>
              <ol reversed>
                {Array.from({ length: existing.version }, (_, i) => existing.version - i).map(
                  (version) => (
                    <li key={version}>
                      Version {version} {version === existing.version && '(current)'}{' '}
                      <button type="button" onClick={() => void loadVersion(version)}>
                        Load
                      </button>
                    </li>
                  ),
                )}
              </ol>
            </section>
          )}
        </div>
      </div>
    </div>
  );
}
