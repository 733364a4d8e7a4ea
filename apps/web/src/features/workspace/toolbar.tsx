import { FULL_RANGE, type Editor, type ToolId, type WindowLevel } from '@medlabel/editor';
import type { TemplateUi, UiTool } from '@medlabel/schema';
import { useEditorValue } from './use-editor.js';

/** Cine playback of a multi-frame image: its controls show when it has more than one frame. */
export interface Cine {
  readonly frames: number;
  readonly playing: boolean;
  readonly onPlay: (playing: boolean) => void;
  /** Frames a second of cine playback. */
  readonly fps: number;
  readonly onFps: (fps: number) => void;
}

export interface ToolbarProps {
  readonly editor: Editor;
  readonly ui: TemplateUi;
  /** None where only the first frame is shown (the template builder's preview). */
  readonly cine?: Cine;
  /**
   * Windows of an image shown from its modality values: named presets, and the window Reset
   * goes back to. Without them Reset shows the picture's own levels.
   */
  readonly windows?: { readonly presets: readonly Preset[]; readonly reset: WindowLevel };
}

export interface Preset {
  readonly name: string;
  readonly window: WindowLevel;
}

/** Cine speeds offered, frames a second. */
export const FPS_CHOICES = [5, 10, 15, 20, 30];

/** The label (or keypoint name) new shapes of a tool get by default. */
export function defaultLabel(tool: UiTool): string | undefined {
  return tool.kind === 'keypoint' ? tool.keypoints[0]?.name : tool.labels[0]?.name;
}

/** Makes a template tool the active one: the editor tool of its kind, with its id and first label. */
export function activateTool(editor: Editor, tool: UiTool): void {
  editor.setTool(tool.kind, tool.id);
  editor.setActiveLabel(defaultLabel(tool));
}

/** Pan, zoom, window/level, the template's drawing tools, undo/redo and frame playback. */
export function Toolbar(props: ToolbarProps) {
  const { editor, ui, cine, windows } = props;
  const tool = useEditorValue(editor, (e) => e.tool);
  const activeToolId = useEditorValue(editor, (e) => e.session.activeToolId);
  const activeLabel = useEditorValue(editor, (e) => e.session.activeLabel);
  const zoom = useEditorValue(editor, (e) => e.session.camera.zoom);
  const windowLevel = useEditorValue(editor, (e) => e.session.windowLevel);
  const range = useEditorValue(editor, (e) => e.session.valueRange);
  const span = range.max - range.min + 1;
  const preset = windows?.presets.find(
    (p) => p.window.level === windowLevel.level && p.window.width === windowLevel.width,
  );
  const canUndo = useEditorValue(editor, (e) => e.canUndo);
  const canRedo = useEditorValue(editor, (e) => e.canRedo);
  const active = ui.tools.find((t) => t.id === activeToolId && t.kind === tool);
  const choices = active
    ? active.kind === 'keypoint'
      ? active.keypoints.map((k) => k.name)
      : active.labels.map((l) => l.name)
    : [];

  // Named by what it shows (the name a voice user says); the hint is its description.
  const builtIn = (id: ToolId, title: string, hint?: string) => (
    <button
      type="button"
      aria-pressed={tool === id}
      title={hint}
      onClick={() => editor.setTool(id)}
    >
      {title}
    </button>
  );

  return (
    <div className="toolbar" role="toolbar" aria-label="Viewer tools">
      <div className="group">
        {builtIn('hand', 'Pan')}
        {builtIn('window_level', 'W/L', 'Window/level: drag on the image')}
        {ui.tools.map((t) => (
          <button
            key={t.id}
            type="button"
            data-tool={t.id}
            aria-pressed={activeToolId === t.id && tool === t.kind}
            title={t.hotkey ? `${t.title} (${t.hotkey})` : t.title}
            onClick={() => activateTool(editor, t)}
          >
            {t.title}
            {t.hotkey && <kbd>{t.hotkey}</kbd>}
          </button>
        ))}
      </div>
      {choices.length > 0 && (
        <label className="group">
          {active?.kind === 'keypoint' ? 'Point' : 'Label'}
          <select value={activeLabel ?? ''} onChange={(e) => editor.setActiveLabel(e.target.value)}>
            {choices.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      )}
      <div className="group">
        <button type="button" aria-label="Zoom out" onClick={() => editor.zoomBy(1 / 1.25)}>
          −
        </button>
        <output aria-label="Zoom" data-testid="zoom">
          {Math.round(zoom * 100)}%
        </output>
        <button type="button" aria-label="Zoom in" onClick={() => editor.zoomBy(1.25)}>
          +
        </button>
        <button type="button" onClick={() => editor.fit()}>
          Fit
        </button>
      </div>
      <div className="group">
        {windows && (
          <label>
            Preset
            <select
              aria-label="Window preset"
              value={preset?.name ?? ''}
              onChange={(e) => {
                const chosen = windows.presets.find((p) => p.name === e.target.value);
                if (chosen) editor.updateSession({ windowLevel: chosen.window });
              }}
            >
              <option value="" disabled>
                Custom
              </option>
              {windows.presets.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Window
          <input
            type="range"
            min={1}
            max={windows ? 2 * span : 512}
            value={windowLevel.width}
            onChange={(e) =>
              editor.updateSession({
                windowLevel: { ...windowLevel, width: Number(e.target.value) },
              })
            }
          />
        </label>
        <label>
          Level
          <input
            type="range"
            min={windows ? range.min : -128}
            max={windows ? range.max : 384}
            value={windowLevel.level}
            onChange={(e) =>
              editor.updateSession({
                windowLevel: { ...windowLevel, level: Number(e.target.value) },
              })
            }
          />
        </label>
        <output aria-label="Window and level" data-testid="window-level">
          W {Math.round(windowLevel.width)} L {Math.round(windowLevel.level)}
        </output>
        <button
          type="button"
          onClick={() => editor.updateSession({ windowLevel: windows?.reset ?? FULL_RANGE })}
        >
          Reset
        </button>
      </div>
      <div className="group">
        <button
          type="button"
          disabled={!canUndo}
          onClick={() => editor.undo()}
          title="Undo (Ctrl+Z)"
        >
          Undo
        </button>
        <button
          type="button"
          disabled={!canRedo}
          onClick={() => editor.redo()}
          title="Redo (Ctrl+Shift+Z)"
        >
          Redo
        </button>
      </div>
      {cine && cine.frames > 1 && <CineControls editor={editor} cine={cine} />}
    </div>
  );
}

/** Previous and next frame, play and pause, the frame on screen and the speed. */
function CineControls({ editor, cine }: { editor: Editor; cine: Cine }) {
  const { frames, playing, onPlay, fps, onFps } = cine;
  const frame = useEditorValue(editor, (e) => e.session.frame);
  return (
    <div className="group" role="group" aria-label="Frames">
      <button
        type="button"
        aria-label="Previous frame"
        onClick={() => editor.updateSession({ frame: (frame + frames - 1) % frames })}
      >
        ◀
      </button>
      <button type="button" aria-pressed={playing} onClick={() => onPlay(!playing)}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        aria-label="Next frame"
        onClick={() => editor.updateSession({ frame: (frame + 1) % frames })}
      >
        ▶
      </button>
      <output aria-label="Frame">
        {frame + 1} / {frames}
      </output>
      <label>
        fps
        <select
          aria-label="Frames a second"
          value={fps}
          onChange={(e) => onFps(Number(e.target.value))}
        >
          {FPS_CHOICES.map((choice) => (
            <option key={choice}>{choice}</option>
          ))}
        </select>
      </label>
    </div>
  );
}
