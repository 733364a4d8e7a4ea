import { imageToScreen } from '../camera.js';
import type { Editor } from '../editor.js';
import { HANDLE_RADIUS_PX } from '../handles.js';
import { addShapeCommand } from '../history.js';
import type { KeyInfo, PointerInfo, StateNode } from '../state-node.js';
import type { Point } from '../types.js';
import { DraggingVertex } from './dragging-vertex.js';
import { ToolState } from './tool-state.js';
import { deleteSelection, startVertexEdit } from './vertex-editing.js';

type PathKind = 'polygon' | 'polyline';

/**
 * Polygons (contours) and polylines. idle -> drawing on a press in empty space; each press adds
 * a vertex; a polygon closes on a press at its first vertex, either finishes with Enter or a
 * double click; Backspace removes the last vertex, Escape cancels. In idle, vertices are dragged,
 * deleted (Alt+click or Delete) and inserted at midpoints (dragging_vertex).
 */
export class PathTool extends ToolState {
  readonly id: PathKind;
  protected override initial = 'idle';

  constructor(editor: Editor, parent: StateNode, kind: PathKind) {
    super(editor, parent);
    this.id = kind;
    this.addChildren(
      new PathIdle(editor, this),
      new PathDrawing(editor, this, kind),
      new DraggingVertex(editor, this),
    );
  }
}

class PathIdle extends ToolState {
  readonly id = 'idle';

  override pointerDown(info: PointerInfo): void {
    if (info.button !== 0 || startVertexEdit(this.editor, this.parent, info)) return;
    this.parent.transition('drawing', info.image);
  }

  override keyDown(info: KeyInfo): void {
    deleteSelection(this.editor, info.key);
  }
}

class PathDrawing extends ToolState {
  readonly id = 'drawing';

  constructor(
    editor: Editor,
    parent: StateNode,
    private readonly kind: PathKind,
  ) {
    super(editor, parent);
  }

  private get points(): readonly Point[] {
    return this.editor.session.draft?.points ?? [];
  }

  override onEnter(info: unknown): void {
    const draft = this.editor.newShape(this.kind, [info as Point]);
    this.editor.updateSession({ draft, cursor: info as Point, selectedVertex: null });
  }

  override onExit(): void {
    this.editor.updateSession({ draft: null, cursor: null });
  }

  override pointerDown(info: PointerInfo): void {
    if (info.button !== 0) return;
    const points = this.points;
    if (this.kind === 'polygon' && points.length >= 3 && this.isNear(points[0]!, info.screen)) {
      this.finish();
      return;
    }
    // A second press at the last vertex (the second click of a double click) adds nothing.
    if (this.isNear(points[points.length - 1]!, info.screen)) return;
    this.setPoints([...points, info.image]);
  }

  override pointerMove(info: PointerInfo): void {
    this.editor.cursorAt(info.image);
  }

  override doubleClick(): void {
    this.finish();
  }

  override keyDown(info: KeyInfo): void {
    switch (info.key) {
      case 'Enter':
        this.finish();
        break;
      case 'Escape':
        this.parent.transition('idle');
        break;
      case 'Backspace':
        if (this.points.length <= 1) this.parent.transition('idle');
        else this.setPoints(this.points.slice(0, -1));
        break;
    }
  }

  private isNear(vertex: Point, screen: Point): boolean {
    const s = imageToScreen(this.editor.session.camera, vertex);
    return Math.hypot(s.x - screen.x, s.y - screen.y) <= HANDLE_RADIUS_PX;
  }

  private setPoints(points: Point[]): void {
    const draft = this.editor.session.draft;
    if (draft) this.editor.updateSession({ draft: { ...draft, points } });
  }

  /** Commits the draft when it has enough vertices; otherwise keeps drawing. */
  private finish(): void {
    const draft = this.editor.session.draft;
    const needed = this.kind === 'polygon' ? 3 : 2;
    if (!draft || draft.points.length < needed) return;
    this.editor.execute(addShapeCommand(draft));
    this.editor.select(draft.id);
    this.parent.transition('idle');
  }
}
