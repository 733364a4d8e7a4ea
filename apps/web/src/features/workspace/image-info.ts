import { isValidPixelSpacing, type PixelSpacing } from '@medlabel/geometry';
import type { Image } from '../../api.js';

/** Pixel spacing [row, column] in mm from the image metadata, when the import recorded one. */
export function pixelSpacingOf(image: Image): PixelSpacing | null {
  const value = image.metadata.pixelSpacing;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) return null;
  return isValidPixelSpacing(value) ? value : null;
}

/** Where frame `n` (0-based) of an image is served. */
export function frameUrl(image: Image, frame: number): string {
  if (frame === 0) return image.url;
  return `${image.url}${image.url.includes('?') ? '&' : '?'}frame=${frame}`;
}
