import { useEffect, useMemo, useState } from 'react';
import type { Schemas } from '@medlabel/api-client';
import { describeTemplateUi, type TemplateDefinition } from '@medlabel/schema';
import { useImageEditor } from '../workspace/use-image-editor.js';
import { Viewer } from '../workspace/viewer.js';

type Payload = Schemas['AnnotationPayload'];
type Image = Schemas['Image'];

/**
 * The senior reader's own reference, started from one reading or the consensus: its labels and
 * number fields in a form, its shapes on the image in the annotation editor (drag a vertex to
 * move it, Alt-click one to delete it, drag a midpoint to add one).
 */
export function EditedReference({
  image,
  definition,
  start,
  source,
  onSave,
  onCancel,
}: {
  image: Image;
  definition: TemplateDefinition;
  start: Payload;
  /** where the reference starts from, in words */
  source: string;
  onSave: (payload: Payload) => void;
  onCancel: () => void;
}) {
  const [payload, setPayload] = useState(start);
  const editor = useImageEditor(image);
  const ui = useMemo(() => describeTemplateUi(definition), [definition]);
  useEffect(() => {
    editor.load(start.shapes);
    // The polygon tool's idle state moves a vertex that is pressed and dragged.
    const polygon = definition.tools.find((t) => t.kind === 'polygon');
    if (polygon) editor.setTool('polygon', polygon.id);
  }, [editor, start, definition]);
  const labels = definition.classification?.labels.map((l) => l.name) ?? [];
  const single = definition.classification?.choice === 'single';
  return (
    <form
      className="stack"
      aria-label="Edited reference"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ ...payload, shapes: [...editor.shapes] as Payload['shapes'] });
      }}
    >
      <h3>Edited reference, from {source}</h3>
      <div className="viewer reference-editor">
        <Viewer editor={editor} src={image.url} ui={ui} definition={definition} image={image} />
      </div>
      <fieldset>
        <legend>Labels</legend>
        {labels.map((label) => (
          <label key={label} className="inline">
            <input
              type={single ? 'radio' : 'checkbox'}
              name="reference-label"
              checked={payload.labels.includes(label)}
              onChange={(e) =>
                setPayload({
                  ...payload,
                  labels: single
                    ? [label]
                    : e.target.checked
                      ? [...payload.labels, label]
                      : payload.labels.filter((l) => l !== label),
                })
              }
            />
            {label}
          </label>
        ))}
      </fieldset>
      {definition.fields
        .filter((f) => f.kind === 'number')
        .map((f) => (
          <label key={f.id}>
            {f.title}
            <input
              type="number"
              value={String(payload.values[f.id] ?? '')}
              onChange={(e) =>
                setPayload({
                  ...payload,
                  values: {
                    ...payload.values,
                    [f.id]: e.target.value === '' ? null : Number(e.target.value),
                  },
                })
              }
            />
          </label>
        ))}
      <p className="row">
        <button type="submit">Save as reference</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}
