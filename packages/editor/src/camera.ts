import type { Point, Size } from './types.js';

/**
 * The camera maps image pixels to screen pixels: screen = image * zoom + offset.
 * Pure functions only; the editor keeps the current camera in its session state.
 */
export interface Camera {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 64;

export const IDENTITY_CAMERA: Camera = { x: 0, y: 0, zoom: 1 };

export function imageToScreen(camera: Camera, p: Point): Point {
  return { x: p.x * camera.zoom + camera.x, y: p.y * camera.zoom + camera.y };
}

export function screenToImage(camera: Camera, p: Point): Point {
  return { x: (p.x - camera.x) / camera.zoom, y: (p.y - camera.y) / camera.zoom };
}

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** Moves the view by a screen-pixel delta. */
export function pan(camera: Camera, dx: number, dy: number): Camera {
  return { ...camera, x: camera.x + dx, y: camera.y + dy };
}

/** Zooms by `factor` keeping the image point under `screenAnchor` fixed on screen. */
export function zoomAt(camera: Camera, screenAnchor: Point, factor: number): Camera {
  const zoom = clampZoom(camera.zoom * factor);
  const ratio = zoom / camera.zoom;
  return {
    zoom,
    x: screenAnchor.x - (screenAnchor.x - camera.x) * ratio,
    y: screenAnchor.y - (screenAnchor.y - camera.y) * ratio,
  };
}

/** The camera that shows the whole image centred in the viewport with a margin in screen px. */
export function fitCamera(image: Size, viewport: Size, margin = 16): Camera {
  const availableW = Math.max(1, viewport.width - 2 * margin);
  const availableH = Math.max(1, viewport.height - 2 * margin);
  const zoom = clampZoom(Math.min(availableW / image.width, availableH / image.height));
  return {
    zoom,
    x: (viewport.width - image.width * zoom) / 2,
    y: (viewport.height - image.height * zoom) / 2,
  };
}

/** Zoom factor for one wheel event: smooth for trackpads, bounded for coarse mouse wheels. */
export function wheelZoomFactor(deltaY: number): number {
  const bounded = Math.max(-100, Math.min(100, deltaY));
  return Math.exp(-bounded * 0.002);
}
