// What an uploaded PNG or JPEG says besides its pixels (text chunks, EXIF, XMP, IPTC, comments,
// bytes after the end) can name the patient or the doctor: it is dropped before the file is
// stored, losslessly, by copying only the parts that make up the image. Nothing is re-encoded,
// so a 16-bit PNG stays 16-bit and a JPEG keeps its exact bytes of image data.
import { HttpError } from '../http/problem.js';

const damaged = (detail: string) => new HttpError(422, 'image-damaged', detail);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The PNG chunks kept: the critical ones and those that say how to show the pixels
 * (transparency, gamma, chromaticities, sRGB, ICC profile, significant bits, background, pixel
 * size). Everything else goes: tEXt, zTXt, iTXt, eXIf, tIME, animation and private chunks.
 */
const PNG_KEEP = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'bKGD',
  'pHYs',
]);

export const isPng = (data: Buffer) =>
  data.length >= 8 && data.subarray(0, 8).equals(PNG_SIGNATURE);
export const isJpeg = (data: Buffer) =>
  data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;

/** A PNG of its image chunks only, up to IEND; throws 422 for a chunk structure that breaks. */
export function stripPng(data: Buffer): Buffer {
  if (!isPng(data)) throw damaged('The PNG signature is missing.');
  const kept: Buffer[] = [PNG_SIGNATURE];
  let at = 8;
  let first = true;
  for (;;) {
    if (at + 12 > data.length) throw damaged('The PNG ends before its IEND chunk.');
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > data.length)
      throw damaged(`The PNG chunk ${type} is cut off.`);
    if (first && type !== 'IHDR') throw damaged('The PNG does not start with IHDR.');
    first = false;
    if (PNG_KEEP.has(type)) kept.push(data.subarray(at, end));
    at = end;
    if (type === 'IEND') return Buffer.concat(kept);
  }
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;

/** Does a JPEG APPn segment (its data after the length) start with this identifier? */
const identifies = (segment: Buffer, id: string) =>
  segment.toString('latin1', 4, 4 + id.length) === id;

/**
 * Keeps the JPEG segments that decode the image and the three application segments that say
 * how: APP0 "JFIF" (not the JFXX thumbnail extension), APP2 "ICC_PROFILE" and APP14 "Adobe"
 * (colour transform). Drops every other APPn (EXIF, XMP, IPTC, MPF with its appended images,
 * maker notes) and comments.
 */
function keepJpegSegment(marker: number, segment: Buffer): boolean {
  if (marker === COM) return false;
  if (marker < 0xe0 || marker > 0xef) return true;
  if (marker === 0xe0) return identifies(segment, 'JFIF\0');
  if (marker === 0xe2) return identifies(segment, 'ICC_PROFILE\0');
  if (marker === 0xee) return identifies(segment, 'Adobe');
  return false;
}

/**
 * A JPEG of its image segments and entropy-coded data only, up to EOI (anything after it goes);
 * throws 422 for a marker structure that breaks.
 */
export function stripJpeg(data: Buffer): Buffer {
  if (!isJpeg(data)) throw damaged('The JPEG start-of-image marker is missing.');
  const kept: Buffer[] = [data.subarray(0, 2)];
  let at = 2;
  for (;;) {
    if (at + 2 > data.length) throw damaged('The JPEG ends before its end-of-image marker.');
    if (data[at] !== 0xff) throw damaged(`The JPEG has no marker at byte ${at}.`);
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === EOI) {
      kept.push(data.subarray(at, at + 2));
      return Buffer.concat(kept);
    }
    if (marker === SOI || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      kept.push(data.subarray(at, at + 2)); // standalone markers
      at += 2;
      continue;
    }
    if (at + 4 > data.length) throw damaged('The JPEG is cut off in a marker segment.');
    const end = at + 2 + data.readUInt16BE(at + 2);
    if (end > data.length) throw damaged('The JPEG is cut off in a marker segment.');
    const segment = data.subarray(at, end);
    if (keepJpegSegment(marker, segment)) kept.push(segment);
    at = end;
    if (marker === SOS) {
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
      const start = at;
      for (;;) {
        const ff = data.indexOf(0xff, at);
        if (ff < 0 || ff + 1 >= data.length) throw damaged('The JPEG image data is cut off.');
        const next = data[ff + 1]!;
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
          at = ff + (next === 0xff ? 1 : 2);
          continue;
        }
        at = ff;
        break;
      }
      kept.push(data.subarray(start, at));
    }
  }
}
