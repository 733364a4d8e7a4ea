import type { Camera } from './camera.js';
import { fitCamera, screenToImage, wheelZoomFactor, zoomAt } from './camera.js';
import type { EditorDocument } from './document.js';
import { EMPTY_DOCUMENT, findShape, replaceShape } from './document.js';
import type { Command } from './history.js';
import { History } from './history.js';
import { measureShape, type Measurement } from './measure.js';
import type { SessionState } from './session.js';
import { INITIAL_SESSION } from './session.js';
import type { KeyInfo, PointerInfo } from './state-node.js';
import { RootState, type ToolId } from './tools/root.js';
import type { PixelSpacing, Point, Shape, ShapeKind, Size } from './types.js';
import { makeShape } from './types.js';

import { HANDLE_RADIUS_PX } from './handles.js';

export interface EditorOptions {
  readonly imageSize: Size;
  readonly pixelSpacing?: PixelSpacing | null;
  readonly shapes?: readonly Shape[];
  /** Makes ids for new shapes; tests pass a counter. */
  readonly newId?: () => string;
}

export interface PointerOptions {
  readonly button?: number;
  readonly shiftKey?: boolean;
  readonly altKey?: boolean;
}

type Listener = () => void;

/**
 * The editor: one document (the saved shapes), the session (camera, selection, draft) and the
 * tools' state chart. Input arrives in screen pixels through the event methods; the React layer
 * and the renderer subscribe to changes. No DOM and no I/O here.
 */
export class Editor {
  document: EditorDocument;
  session: SessionState = INITIAL_SESSION;
  readonly imageSize: Size;
  readonly pixelSpacing: PixelSpacing | null;
  /** Increases with every change of the document (for autosave). */
  documentVersion = 0;
  private readonly history = new History();
  private readonly root: RootState;
  private readonly listeners = new Set<Listener>();
  private readonly makeId: () => string;
  /** Counts emitted changes, so keyDown can tell whether a key did anything. */
  private changeCount = 0;

  constructor(options: EditorOptions) {
    this.imageSize = options.imageSize;
    this.pixelSpacing = options.pixelSpacing ?? null;
    this.document = { shapes: options.shapes ?? EMPTY_DOCUMENT.shapes };
    this.makeId = options.newId ?? (() => crypto.randomUUID());
    this.root = new RootState(this);
    this.root.enter();
  }

  // ---- state chart --------------------------------------------------------------------------

  /** The active chain of states, e.g. `root.polygon.drawing`. */
  get path(): string {
    return this.root.path;
  }

  get tool(): ToolId {
    return this.root.currentChild?.id as ToolId;
  }

  /** Activates a tool; `templateToolId` names the template's tool the new shapes belong to. */
  setTool(tool: ToolId, templateToolId?: string): void {
    if (tool !== this.tool) this.root.transition(tool);
    this.updateSession({ draft: null, cursor: null, activeToolId: templateToolId });
  }

  /** A new shape of `kind` with the active tool id, label and frame. */
  newShape(kind: ShapeKind, points: Point[]): Shape {
    const { activeToolId, activeLabel, frame } = this.session;
    return makeShape(this.makeId(), kind, points, {
      toolId: activeToolId ?? kind,
      label: activeLabel,
      frame,
    });
  }

  /** The shapes of the frame on screen (all of them for single-frame images). */
  get visibleShapes(): readonly Shape[] {
    const { frame } = this.session;
    return this.document.shapes.filter((s) => (s.frame ?? 0) === frame);
  }

  // ---- input events (screen pixels) -------------------------------------------------------

  pointerDown(x: number, y: number, options: PointerOptions = {}): this {
    this.root.handle('pointerDown', this.pointerInfo(x, y, options));
    return this;
  }

  pointerMove(x: number, y: number, options: PointerOptions = {}): this {
    this.root.handle('pointerMove', this.pointerInfo(x, y, options));
    return this;
  }

  pointerUp(x: number, y: number, options: PointerOptions = {}): this {
    this.root.handle('pointerUp', this.pointerInfo(x, y, options));
    return this;
  }

  doubleClick(x: number, y: number, options: PointerOptions = {}): this {
    this.root.handle('doubleClick', this.pointerInfo(x, y, options));
    return this;
  }

  /** A click: down and up at one place. */
  click(x: number, y: number, options: PointerOptions = {}): this {
    return this.pointerDown(x, y, options).pointerUp(x, y, options);
  }

  /** Handles a key; returns true when the editor used it (the caller then prevents default). */
  keyDown(key: string, options: { shiftKey?: boolean; modKey?: boolean } = {}): boolean {
    const info: KeyInfo = {
      key,
      shiftKey: options.shiftKey ?? false,
      modKey: options.modKey ?? false,
    };
    if (info.modKey && key.toLowerCase() === 'z') {
      if (info.shiftKey) this.redo();
      else this.undo();
      return true;
    }
    if (info.modKey && key.toLowerCase() === 'y') {
      this.redo();
      return true;
    }
    const before = this.changeCount;
    this.root.handle('keyDown', info);
    return this.changeCount !== before;
  }

  wheel(x: number, y: number, deltaY: number): this {
    this.setCamera(zoomAt(this.session.camera, { x, y }, wheelZoomFactor(deltaY)));
    return this;
  }

  private pointerInfo(x: number, y: number, options: PointerOptions): PointerInfo {
    const screen = { x, y };
    return {
      screen,
      image: screenToImage(this.session.camera, screen),
      button: options.button ?? 0,
      shiftKey: options.shiftKey ?? false,
      altKey: options.altKey ?? false,
    };
  }

  // ---- camera -------------------------------------------------------------------------------

  setCamera(camera: Camera): void {
    this.updateSession({ camera });
  }

  setViewport(viewport: Size): void {
    this.updateSession({ viewport });
  }

  /** The image point under a screen point (e.g. for a value readout under the cursor). */
  imageAt(x: number, y: number): Point {
    return screenToImage(this.session.camera, { x, y });
  }

  /** Zooms around the viewport centre (toolbar buttons). */
  zoomBy(factor: number): void {
    const { width, height } = this.session.viewport;
    this.setCamera(zoomAt(this.session.camera, { x: width / 2, y: height / 2 }, factor));
  }

  fit(): void {
    this.setCamera(fitCamera(this.imageSize, this.session.viewport));
  }

  /** Image pixels that correspond to the handle radius at the current zoom. */
  get handleTolerance(): number {
    return HANDLE_RADIUS_PX / this.session.camera.zoom;
  }

  // ---- document -----------------------------------------------------------------------------

  get shapes(): readonly Shape[] {
    return this.document.shapes;
  }

  getShape(id: string): Shape | undefined {
    return findShape(this.document, id);
  }

  /** Runs an undoable command. */
  execute(command: Command): void {
    this.setDocument(this.history.execute(this.document, command));
  }

  /** Shows an intermediate state of a shape while dragging; the final state goes through `execute`. */
  preview(shape: Shape): void {
    this.setDocument(replaceShape(this.document, shape));
  }

  undo(): void {
    if (!this.history.canUndo) return;
    this.setDocument(this.history.undo(this.document));
    this.dropStaleSelection();
  }

  redo(): void {
    if (!this.history.canRedo) return;
    this.setDocument(this.history.redo(this.document));
    this.dropStaleSelection();
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  /** Replaces the whole document (loading a saved annotation); clears the history. */
  load(shapes: readonly Shape[]): void {
    this.history.clear();
    this.updateSession({
      selectedShapeId: null,
      selectedVertex: null,
      hoveredVertex: null,
      draft: null,
    });
    this.setDocument({ shapes });
  }

  measure(shape: Shape): Measurement[] {
    return measureShape(shape, this.pixelSpacing);
  }

  private setDocument(doc: EditorDocument): void {
    if (doc === this.document) return;
    this.document = doc;
    this.documentVersion++;
    this.emit();
  }

  private dropStaleSelection(): void {
    const { selectedShapeId } = this.session;
    if (selectedShapeId && !this.getShape(selectedShapeId)) {
      this.updateSession({ selectedShapeId: null, selectedVertex: null, hoveredVertex: null });
    }
  }

  // ---- session ------------------------------------------------------------------------------

  updateSession(patch: Partial<SessionState>): void {
    this.session = { ...this.session, ...patch };
    this.emit();
  }

  select(shapeId: string | null): void {
    this.updateSession({ selectedShapeId: shapeId, selectedVertex: null });
  }

  setActiveLabel(label: string | undefined): void {
    this.updateSession({ activeLabel: label });
  }

  cursorAt(image: Point | null): void {
    this.updateSession({ cursor: image });
  }

  // ---- subscriptions ------------------------------------------------------------------------

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    this.changeCount++;
    for (const listener of this.listeners) listener();
  }
}
