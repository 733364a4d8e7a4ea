import type { Editor } from '@medlabel/editor';
import { computeMeasurements, formatMeasurement, type TemplateDefinition } from '@medlabel/schema';
import type { Image } from '../../api.js';
import { pixelSpacingOf } from './image-info.js';
import { useEditorValue } from './use-editor.js';

/** Lengths and areas of the drawn shapes, in the template's units when the image has a spacing. */
export function Measurements({
  editor,
  definition,
  image,
}: {
  editor: Editor;
  definition: TemplateDefinition;
  image: Image;
}) {
  const shapes = useEditorValue(editor, (e) => e.document.shapes);
  const measurements = computeMeasurements(
    definition,
    { labels: [], values: {}, shapes: [...shapes] },
    pixelSpacingOf(image),
  );
  if (measurements.length === 0) return null;
  const titles = new Map(definition.tools.map((t) => [t.id, t.title]));
  return (
    <section className="measurements" aria-labelledby="measurements-title">
      <h3 id="measurements-title">Measurements</h3>
      <ul>
        {measurements.map((m) => (
          <li
            key={`${m.shapeId}-${m.quantity}`}
            data-testid="measurement"
            data-unit={m.unit}
            data-value={m.value}
          >
            {m.label ?? titles.get(m.tool) ?? m.tool} {m.quantity}:{' '}
            <strong>{formatMeasurement(m)}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
