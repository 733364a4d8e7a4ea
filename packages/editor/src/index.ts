export type { Point, Size, Shape, ShapeKind, VertexRef, PixelSpacing } from './types.js';
export type { Camera } from './camera.js';
export {
  fitCamera,
  imageToScreen,
  screenToImage,
  pan,
  zoomAt,
  wheelZoomFactor,
  MIN_ZOOM,
  MAX_ZOOM,
} from './camera.js';
export type { EditorDocument } from './document.js';
export type { Command } from './history.js';
export { History } from './history.js';
export { hitShape, hitVertex, hitMidpoint, midpoints } from './hit-test.js';
export { Editor, type EditorOptions, type PointerOptions } from './editor.js';
export { HANDLE_RADIUS_PX, MIDPOINT_MIN_SEGMENT_PX } from './handles.js';
export type { SessionState } from './session.js';
export type { ToolId } from './tools/root.js';
export { measureShape, formatMeasurement, type Measurement } from './measure.js';
export type { WindowLevel } from './render/window-level.js';
export { FULL_RANGE, windowLevelLut, applyLut, dragWindowLevel } from './render/window-level.js';
export { CanvasRenderer, type RendererOptions } from './render/canvas-renderer.js';
export { createFrameScheduler } from './render/scheduler.js';
export type { ImageSource } from './render/windowed-image.js';
