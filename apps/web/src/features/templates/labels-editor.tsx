import { DEFAULT_PALETTE } from '@medlabel/schema';
import { removeAt, replaceAt } from './definition-editing.js';

/** What a row edits: a class label, a keypoint or a select option, all named. */
interface NamedItem {
  name: string;
  hotkey?: string;
  color?: string;
}

/**
 * Edits a list of named items one row each: the name, and a hotkey and a colour where the item
 * has them (labels have both, keypoints a colour, select options neither). An item without a
 * colour is drawn in the palette colour the template UI gives it, so the picker starts there.
 */
export function LabelsEditor<T extends NamedItem>({
  legend,
  labels,
  onChange,
  noun = 'label',
  hotkeys = true,
  colours = true,
  minItems = 0,
}: {
  legend: string;
  labels: readonly T[];
  onChange: (labels: T[]) => void;
  /** Names the rows in buttons and accessible names ("name of keypoint 2"). */
  noun?: string;
  hotkeys?: boolean;
  colours?: boolean;
  /** Rows that cannot be removed below this count (a keypoint tool needs one point). */
  minItems?: number;
}) {
  const update = (index: number, change: Partial<NamedItem>) =>
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
              aria-label={`${legend}: name of ${noun} ${i + 1}`}
              onChange={(e) => update(i, { name: e.target.value })}
            />
          </label>
          {hotkeys && (
            <label>
              Hotkey
              <input
                type="text"
                size={2}
                maxLength={1}
                value={label.hotkey ?? ''}
                aria-label={`${legend}: hotkey of ${noun} ${i + 1}`}
                onChange={(e) => update(i, { hotkey: e.target.value.toLowerCase() || undefined })}
              />
            </label>
          )}
          {colours && (
            <label>
              Colour
              <input
                type="color"
                value={label.color ?? DEFAULT_PALETTE[i % DEFAULT_PALETTE.length]}
                aria-label={`${legend}: colour of ${noun} ${i + 1}`}
                onChange={(e) => update(i, { color: e.target.value })}
              />
            </label>
          )}
          <button
            type="button"
            aria-label={`${legend}: remove ${noun} ${label.name}`}
            disabled={labels.length <= minItems}
            onClick={() => onChange(removeAt(labels, i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange([...labels, { name: `${noun} ${labels.length + 1}` } as T])}
      >
        Add {noun}
      </button>
    </fieldset>
  );
}
