import { DEFAULT_PALETTE, type Label } from '@medlabel/schema';
import { removeAt, replaceAt } from './definition-editing.js';

/**
 * Edits a list of labels one row each: name, hotkey and colour. A label without a colour is
 * drawn in the palette colour the template UI gives it, so the picker starts from that one.
 */
export function LabelsEditor({
  legend,
  labels,
  onChange,
}: {
  legend: string;
  labels: readonly Label[];
  onChange: (labels: Label[]) => void;
}) {
  const update = (index: number, change: Partial<Label>) =>
    onChange(replaceAt(labels, index, { ...labels[index]!, ...change }));
  return (
    <fieldset className="labels-editor">
      <legend>{legend}</legend>
      {labels.map((label, i) => (
        <div key={i} className="row">
          <label>
            Name
            <input
              type="text"
              value={label.name}
              aria-label={`${legend}: name of label ${i + 1}`}
              onChange={(e) => update(i, { name: e.target.value })}
            />
          </label>
          <label>
            Hotkey
            <input
              type="text"
              size={2}
              maxLength={1}
              value={label.hotkey ?? ''}
              aria-label={`${legend}: hotkey of label ${i + 1}`}
              onChange={(e) => update(i, { hotkey: e.target.value.toLowerCase() || undefined })}
            />
          </label>
          <label>
            Colour
            <input
              type="color"
              value={label.color ?? DEFAULT_PALETTE[i % DEFAULT_PALETTE.length]}
              aria-label={`${legend}: colour of label ${i + 1}`}
              onChange={(e) => update(i, { color: e.target.value })}
            />
          </label>
          <button
            type="button"
            aria-label={`${legend}: remove label ${label.name}`}
            onClick={() => onChange(removeAt(labels, i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange([...labels, { name: `label ${labels.length + 1}` }])}
      >
        Add label
      </button>
    </fieldset>
  );
}
