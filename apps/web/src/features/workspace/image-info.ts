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
  return withQuery(image.url, `frame=${frame}`);
}

/**
 * Images our server serves: its stored files and the images that stay on a registered image
 * source. It renders thumbnails of these only (other hosts are never fetched).
 */
const OURS = ['/api/files/', '/api/sources/'];
/** The server's thumbnail edges; 256 stays sharp in grid cells and review cards. */
type ThumbSize = 128 | 256;

/** What a cell shows: our server's cached thumbnail of frame 0, or an external image as is. */
export function thumbnailUrl(image: Image, size: ThumbSize = 256): string {
  return OURS.some((prefix) => image.url.startsWith(prefix))
    ? withQuery(image.url, `thumb=${size}`)
    : image.url;
}

const withQuery = (url: string, parameter: string) =>
  `${url}${url.includes('?') ? '&' : '?'}${parameter}`;
