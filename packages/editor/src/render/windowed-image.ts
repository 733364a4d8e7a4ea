import { isValueImage, windowValues, type ValueImage } from './value-image.js';
import type { WindowLevel } from './window-level.js';
import { applyGreyLut, applyLut, isFullRange, isGrey, windowLevelLut } from './window-level.js';

export type ImageSource = HTMLImageElement | HTMLCanvasElement | ImageBitmap | OffscreenCanvas;

interface Buffers {
  readonly source: ImageSource;
  /** The stored pixels, read once per image. */
  readonly original: Uint8ClampedArray;
  /** Grey images take the whole-pixel path. */
  readonly grey: boolean;
  readonly output: ImageData;
  readonly canvas: OffscreenCanvas;
  readonly ctx: OffscreenCanvasRenderingContext2D;
}

/**
 * Keeps the image as displayed under the current window/level: recomputed only when the image
 * or the window/level changes, so panning and zooming just blit a bitmap. The source pixels are
 * read once per image and the output buffers are reused, so a window/level drag costs one
 * lookup-table pass and one upload per frame.
 */
export class WindowedImage {
  private buffers: Buffers | null = null;
  private windowLevel: WindowLevel | null = null;
  private current: ImageSource | null = null;
  private values: { image: ValueImage; output: ImageData; canvas: OffscreenCanvas } | null = null;

  get(source: ImageSource | ValueImage, windowLevel: WindowLevel): ImageSource | null {
    if (isValueImage(source)) return this.windowed(source, windowLevel);
    if (isFullRange(windowLevel)) return source;
    const buffers = this.buffersFor(source);
    if (!buffers) return source;
    if (windowLevel !== this.windowLevel || this.current !== buffers.canvas) {
      const lut = windowLevelLut(windowLevel);
      if (buffers.grey) {
        applyGreyLut(
          new Uint32Array(buffers.original.buffer),
          new Uint32Array(buffers.output.data.buffer),
          lut,
        );
      } else {
        buffers.output.data.set(buffers.original);
        applyLut(buffers.output.data, lut);
      }
      buffers.ctx.putImageData(buffers.output, 0, 0);
      this.windowLevel = windowLevel;
      this.current = buffers.canvas;
    }
    return buffers.canvas;
  }

  /** Modality values under the window, recomputed when either changes. */
  private windowed(image: ValueImage, windowLevel: WindowLevel): ImageSource | null {
    let values = this.values;
    if (values?.image !== image) {
      const canvas = new OffscreenCanvas(image.width, image.height);
      values = { image, output: new ImageData(image.width, image.height), canvas };
      this.values = values;
      this.windowLevel = null;
    }
    if (windowLevel !== this.windowLevel || this.current !== values.canvas) {
      const ctx = values.canvas.getContext('2d');
      if (!ctx) return null;
      windowValues(image, windowLevel, new Uint32Array(values.output.data.buffer));
      ctx.putImageData(values.output, 0, 0);
      this.windowLevel = windowLevel;
      this.current = values.canvas;
    }
    return values.canvas;
  }

  private buffersFor(source: ImageSource): Buffers | null {
    if (this.buffers?.source === source) return this.buffers;
    const canvas = new OffscreenCanvas(source.width, source.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return null;
    ctx.drawImage(source, 0, 0);
    let output: ImageData;
    try {
      output = ctx.getImageData(0, 0, source.width, source.height);
    } catch {
      // A picture from another origin without CORS cannot be read: it is shown as it is.
      return null;
    }
    const original = output.data.slice();
    this.buffers = { source, original, grey: isGrey(original), output, canvas, ctx };
    this.current = null;
    return this.buffers;
  }
}
