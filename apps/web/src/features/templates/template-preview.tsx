import { useMemo, useState } from 'react';
import { describeTemplateUi, type FieldValue, type TemplateDefinition } from '@medlabel/schema';
import { TemplateForm } from '../workspace/template-form.js';
import { PreviewSample } from './preview-sample.js';

/**
 * What annotators will see, from describeTemplateUi: the tools to try on a sample image, the
 * form and the shortcuts.
 */
export function TemplatePreview({ definition }: { definition: TemplateDefinition }) {
  // One ui per definition: the viewer keeps its camera while the form's choices change.
  const ui = useMemo(() => describeTemplateUi(definition), [definition]);
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
      <PreviewSample ui={ui} definition={definition} />
      <ul className="preview-tools" aria-label="Drawing tools">
        {ui.tools.length === 0 && <li className="muted">No drawing tools</li>}
        {ui.tools.map((tool) => (
          <li key={tool.id} data-preview-tool={tool.id}>
            {tool.title} <span className="muted">({tool.kind})</span>
            {tool.hotkey && <kbd>{tool.hotkey}</kbd>}
            {(tool.labels.length > 0 || tool.keypoints.length > 0) &&
              `: ${(tool.kind === 'keypoint' ? tool.keypoints : tool.labels).map((l) => l.name).join(', ')}`}
            {tool.unit && ` · unit ${tool.unit}`}
            {tool.measures.length > 0 && ` · measures ${tool.measures.join(', ')}`}
          </li>
        ))}
      </ul>
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
