import { TOOL_KINDS, type Tool } from '@medlabel/schema';
import { newTool, removeAt, replaceAt } from './definition-editing.js';
import { LabelsEditor } from './labels-editor.js';

/** The builder's drawing tools: add one per kind, then each tool's title, hotkey and labels. */
export function ToolsEditor({
  tools,
  onChange,
}: {
  tools: Tool[];
  onChange: (tools: Tool[]) => void;
}) {
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
