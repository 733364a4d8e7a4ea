import type { WindowLevel } from './window-level.js';
import { applyLut, isFullRange, windowLevelLut } from './window-level.js';

export type ImageSource = HTMLImageElement | HTMLCanvasElement | ImageBitmap | OffscreenCanvas;

/**
 * Keeps the image as displayed under the current window/level: recomputed only when the image
 * or the window/level changes, so panning and zooming just blit a bitmap.
 */
export class WindowedImage {
  private source: ImageSource | null = null;
  private windowLevel: WindowLevel | null = null;
  private output: ImageSource | null = null;

  get(source: ImageSource, windowLevel: WindowLevel): ImageSource {
    if (source === this.source && windowLevel === this.windowLevel && this.output)
      return this.output;
    this.source = source;
    this.windowLevel = windowLevel;
    this.output = isFullRange(windowLevel) ? source : this.windowed(source, windowLevel);
    return this.output;
  }

  private windowed(source: ImageSource, windowLevel: WindowLevel): ImageSource {
    const canvas = new OffscreenCanvas(source.width, source.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return source;
    ctx.drawImage(source, 0, 0);
    const pixels = ctx.getImageData(0, 0, source.width, source.height);
    applyLut(pixels.data, windowLevelLut(windowLevel));
    ctx.putImageData(pixels, 0, 0);
    return canvas;
  }
}
