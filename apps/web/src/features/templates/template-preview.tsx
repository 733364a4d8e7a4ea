import { useState } from 'react';
import { describeTemplateUi, type FieldValue, type TemplateDefinition } from '@medlabel/schema';
import { TemplateForm } from '../workspace/template-form.js';

/** What annotators will see: the tool buttons, the form and the shortcuts, from describeTemplateUi. */
export function TemplatePreview({ definition }: { definition: TemplateDefinition }) {
  const ui = describeTemplateUi(definition);
  const [labels, setLabels] = useState<string[]>([]);
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const toggle = (name: string) =>
    setLabels((current) =>
      current.includes(name)
        ? current.filter((l) => l !== name)
        : ui.classification?.choice === 'single'
          ? [name]
          : [...current, name],
    );
  return (
    <section className="card preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Live preview</h2>
      <div className="toolbar" role="toolbar" aria-label="Preview tools">
        {ui.tools.length === 0 && <span className="muted">No drawing tools</span>}
        {ui.tools.map((tool) => (
          <button key={tool.id} type="button" data-preview-tool={tool.id} tabIndex={-1}>
            {tool.title} <span className="muted">({tool.kind})</span>
            {tool.hotkey && <kbd>{tool.hotkey}</kbd>}
          </button>
        ))}
      </div>
      {ui.tools.map(
        (tool) =>
          (tool.labels.length > 0 || tool.keypoints.length > 0) && (
            <p key={tool.id} className="muted">
              {tool.title}:{' '}
              {(tool.kind === 'keypoint' ? tool.keypoints : tool.labels)
                .map((l) => l.name)
                .join(', ')}
              {tool.unit && ` · unit ${tool.unit}`}
              {tool.measures.length > 0 && ` · measures ${tool.measures.join(', ')}`}
            </p>
          ),
      )}
      <TemplateForm
        ui={ui}
        labels={labels}
        values={values}
        problems={[]}
        onToggleLabel={toggle}
        onValue={(id, value) => setValues((v) => ({ ...v, [id]: value }))}
      />
      <h3>Shortcuts</h3>
      <ul className="shortcuts" data-testid="preview-shortcuts">
        {ui.shortcuts.map((s) => (
          <li key={s.key}>
            <kbd>{s.key}</kbd> {s.action === 'label' ? `label ${s.label}` : `tool ${s.tool}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
