import type { Camera } from './camera.js';
import { IDENTITY_CAMERA } from './camera.js';
import type { Point, Shape, Size, VertexRef } from './types.js';
import type { ValueRange, WindowLevel } from './render/window-level.js';
import { BYTE_RANGE, FULL_RANGE } from './render/window-level.js';

/**
 * Session state: everything about the view and the interaction that is never saved
 * (kept apart from the document, as tldraw does).
 */
export interface SessionState {
  readonly camera: Camera;
  readonly viewport: Size;
  readonly selectedShapeId: string | null;
  readonly selectedVertex: VertexRef | null;
  readonly hoveredVertex: VertexRef | null;
  /** The shape being drawn, not yet in the document. */
  readonly draft: Shape | null;
  /** The pointer in image pixels, for previews. */
  readonly cursor: Point | null;
  /** The label (keypoint name for keypoints) given to new shapes. */
  readonly activeLabel: string | undefined;
  /** The template tool new shapes belong to; defaults to the tool kind. */
  readonly activeToolId: string | undefined;
  readonly windowLevel: WindowLevel;
  /** The range of the values on screen, which sets how far a window/level drag moves. */
  readonly valueRange: ValueRange;
  readonly frame: number;
}

export const INITIAL_SESSION: SessionState = {
  camera: IDENTITY_CAMERA,
  viewport: { width: 800, height: 600 },
  selectedShapeId: null,
  selectedVertex: null,
  hoveredVertex: null,
  draft: null,
  cursor: null,
  activeLabel: undefined,
  activeToolId: undefined,
  windowLevel: FULL_RANGE,
  valueRange: BYTE_RANGE,
  frame: 0,
};
