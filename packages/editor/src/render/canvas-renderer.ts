import { formatMeasurement } from '@medlabel/schema';
import type { Camera } from '../camera.js';
import type { Editor } from '../editor.js';
import { MIDPOINT_MIN_SEGMENT_PX } from '../handles.js';
import { midpoints } from '../hit-test.js';
import type { Shape } from '../types.js';
import { createFrameScheduler } from './scheduler.js';
import type { ValueImage } from './value-image.js';
import type { ImageSource } from './windowed-image.js';
import { WindowedImage } from './windowed-image.js';

export interface RendererOptions {
  /** Stroke colour of a shape, e.g. from the template's label colours. */
  readonly colorOf?: (shape: Shape) => string;
  /** The text beside a ruler, e.g. in the template's unit; default: the editor's measurement. */
  readonly rulerText?: (shape: Shape) => string | null;
  readonly requestFrame?: (callback: () => void) => unknown;
}

const HANDLE = 3;
const KEYPOINT = 4;
const DEFAULT_COLOR = '#ffd33d';
/** Shapes with at most this many points show their vertex handles even when not selected. */
const FEW_POINTS = 64;

/**
 * Draws the image and the shapes on a 2D canvas. Each shape is one path (all its segments, then
 * all its handles in one more path), so thousands of vertices cost a few draw calls and no DOM.
 * Redraws happen at most once per animation frame, only after a change (dirty flag).
 */
export class CanvasRenderer {
  private image: ImageSource | ValueImage | null = null;
  private readonly windowed = new WindowedImage();
  private readonly unsubscribe: () => void;
  readonly invalidate: () => void;
  private dpr = 1;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly editor: Editor,
    private readonly options: RendererOptions = {},
  ) {
    this.invalidate = createFrameScheduler(() => this.draw(), options.requestFrame);
    this.unsubscribe = editor.subscribe(this.invalidate);
  }

  /** A picture, or a greyscale frame's modality values that the window/level maps to grey. */
  setImage(image: ImageSource | ValueImage | null): void {
    this.image = image;
    this.invalidate();
  }

  /** Sizes the backing store for the device pixel ratio and tells the editor the viewport. */
  resize(width: number, height: number, dpr: number): void {
    this.dpr = dpr;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.editor.setViewport({ width, height });
    this.invalidate();
  }

  destroy(): void {
    this.unsubscribe();
  }

  draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const { camera, windowLevel, draft, selectedShapeId } = this.editor.session;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = '#101418';
    ctx.fillRect(0, 0, this.canvas.width / this.dpr, this.canvas.height / this.dpr);
    const picture = this.image && this.windowed.get(this.image, windowLevel);
    if (picture) {
      ctx.imageSmoothingEnabled = camera.zoom < 3;
      const { width, height } = this.editor.imageSize;
      ctx.drawImage(picture, camera.x, camera.y, width * camera.zoom, height * camera.zoom);
    }
    const shapes = this.editor.visibleShapes;
    this.drawKeypoints(ctx, camera, shapes, selectedShapeId);
    for (const shape of shapes) {
      if (shape.kind !== 'keypoint')
        this.drawShape(ctx, camera, shape, shape.id === selectedShapeId);
    }
    if (draft) this.drawDraft(ctx, camera, draft);
  }

  private rulerText(shape: Shape): string | null {
    if (this.options.rulerText) return this.options.rulerText(shape);
    const [measurement] = this.editor.measure(shape);
    return measurement ? formatMeasurement(measurement) : null;
  }

  private color(shape: Shape): string {
    return this.options.colorOf?.(shape) ?? DEFAULT_COLOR;
  }

  /** All keypoints in one path per colour plus one outline path: a few calls for any number. */
  private drawKeypoints(
    ctx: CanvasRenderingContext2D,
    camera: Camera,
    shapes: readonly Shape[],
    selectedShapeId: string | null,
  ): void {
    const byColor = new Map<string, Shape[]>();
    for (const shape of shapes) {
      if (shape.kind !== 'keypoint') continue;
      const color = this.color(shape);
      const list = byColor.get(color);
      if (list) list.push(shape);
      else byColor.set(color, [shape]);
    }
    if (byColor.size === 0) return;
    const outline = new Path2D();
    for (const [color, group] of byColor) {
      const fill = new Path2D();
      for (const shape of group) {
        const p = shape.points[0]!;
        const r = shape.id === selectedShapeId ? KEYPOINT + 2 : KEYPOINT;
        const x = p.x * camera.zoom + camera.x;
        const y = p.y * camera.zoom + camera.y;
        fill.moveTo(x + r, y);
        fill.arc(x, y, r, 0, Math.PI * 2);
      }
      ctx.fillStyle = color;
      ctx.fill(fill);
      outline.addPath(fill);
    }
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#000';
    ctx.stroke(outline);
  }

  private drawShape(
    ctx: CanvasRenderingContext2D,
    camera: Camera,
    shape: Shape,
    selected: boolean,
  ): void {
    const color = this.color(shape);
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = selected ? 2.5 : 1.5;
    this.tracePath(ctx, camera, shape.points, shape.kind === 'polygon');
    if (shape.kind === 'polygon') {
      ctx.globalAlpha = selected ? 0.25 : 0.12;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.stroke();
    if (selected || shape.points.length <= FEW_POINTS)
      this.drawHandles(ctx, camera, shape, selected);
    const text = shape.kind === 'ruler' ? this.rulerText(shape) : null;
    if (text) this.drawLabel(ctx, camera, shape, text);
  }

  private tracePath(
    ctx: CanvasRenderingContext2D,
    camera: Camera,
    points: Shape['points'],
    close: boolean,
  ): void {
    const { x, y, zoom } = camera;
    ctx.beginPath();
    points.forEach((p, i) => {
      if (i === 0) ctx.moveTo(p.x * zoom + x, p.y * zoom + y);
      else ctx.lineTo(p.x * zoom + x, p.y * zoom + y);
    });
    if (close) ctx.closePath();
  }

  /**
   * All vertex handles of a shape in one path; for the selected shape also the midpoint
   * handles, but only on segments long enough on screen to grab one (as tldraw hides them).
   */
  private drawHandles(
    ctx: CanvasRenderingContext2D,
    camera: Camera,
    shape: Shape,
    selected: boolean,
  ): void {
    const { x, y, zoom } = camera;
    ctx.beginPath();
    for (const p of shape.points) {
      ctx.rect(p.x * zoom + x - HANDLE, p.y * zoom + y - HANDLE, HANDLE * 2, HANDLE * 2);
    }
    ctx.fill();
    if (!selected) return;
    const vertex = this.editor.session.selectedVertex;
    const active = vertex?.shapeId === shape.id ? shape.points[vertex.index] : undefined;
    if (active) {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(
        active.x * zoom + x - HANDLE - 1,
        active.y * zoom + y - HANDLE - 1,
        HANDLE * 2 + 2,
        HANDLE * 2 + 2,
      );
    }
    ctx.beginPath();
    const minimum = MIDPOINT_MIN_SEGMENT_PX / zoom;
    for (const m of midpoints(shape)) {
      if (m.length < minimum) continue;
      const mx = m.point.x * zoom + x;
      const my = m.point.y * zoom + y;
      ctx.moveTo(mx + HANDLE, my);
      ctx.arc(mx, my, HANDLE, 0, Math.PI * 2);
    }
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }

  private drawDraft(ctx: CanvasRenderingContext2D, camera: Camera, draft: Shape): void {
    const cursor = this.editor.session.cursor;
    const points = draft.kind !== 'ruler' && cursor ? [...draft.points, cursor] : draft.points;
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = this.color(draft);
    ctx.fillStyle = this.color(draft);
    this.tracePath(ctx, camera, points, false);
    ctx.stroke();
    ctx.setLineDash([]);
    this.drawHandles(ctx, camera, draft, false);
    const text = draft.kind === 'ruler' ? this.rulerText(draft) : null;
    if (text) this.drawLabel(ctx, camera, draft, text);
  }

  private drawLabel(
    ctx: CanvasRenderingContext2D,
    camera: Camera,
    shape: Shape,
    text: string,
  ): void {
    const end = shape.points[shape.points.length - 1]!;
    const sx = end.x * camera.zoom + camera.x + 8;
    const sy = end.y * camera.zoom + camera.y - 8;
    ctx.font = '13px system-ui, sans-serif';
    const width = ctx.measureText(text).width;
    ctx.fillStyle = 'rgba(0,0,0,0.7)';
    ctx.fillRect(sx - 3, sy - 13, width + 6, 18);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(text, sx, sy);
  }
}
