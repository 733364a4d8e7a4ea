// Hostile DICOM files for the hardening tests (issue #9), generated rather than committed: a
// deflate bomb, forged frame counts, RLE files tiny on disk and huge in pixels. Deterministic
// and cheap: big streams repeat one compressed block instead of compressing gigabytes. The
// server's tests use them too (apps/server/test/support/hostile-files.ts).
import zlib from 'node:zlib';

/** A name the de-identification must remove (Patient's Name of every file made here). */
export const PATIENT_NAME = 'Doe^Jane Patient';

// ---------------------------------------------------------------------------------------------
// Deflate streams that are big inside and small outside

/** A raw deflate block of `data` ending on a byte boundary (full flush): blocks concatenate. */
const flushed = (data: Buffer) =>
  zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 });
/** The final, empty block that ends a raw deflate stream. */
const FINAL_BLOCK = zlib.deflateRawSync(Buffer.alloc(0));
const MIB = 1 << 20;
const ZEROS_MIB = flushed(Buffer.alloc(MIB));

/** Raw deflate blocks of `count` zero bytes (about 1 KiB per MiB), not yet final. */
function zeroBlocks(count: number): Buffer[] {
  const blocks: Buffer[] = Array.from({ length: Math.floor(count / MIB) }, () => ZEROS_MIB);
  if (count % MIB > 0) blocks.push(flushed(Buffer.alloc(count % MIB)));
  return blocks;
}

/** A zlib stream (RFC 1950) of `count` zero bytes, built without allocating them. */
export function zlibOfZeros(count: number): Buffer {
  // Adler-32 of zeros: a stays 1, b grows by 1 a byte.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((count % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0x01]), ...zeroBlocks(count), FINAL_BLOCK, adler]);
}

// ---------------------------------------------------------------------------------------------
// DICOM (explicit VR little endian elements)

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR', 'OD', 'OL', 'OV']);

function element(tag: number, vr: string, value: Buffer | string | number): Buffer {
  let data: Buffer;
  if (typeof value === 'number') {
    data = Buffer.alloc(vr === 'UL' ? 4 : 2);
    if (vr === 'UL') data.writeUInt32LE(value);
    else data.writeUInt16LE(value);
  } else {
    data = Buffer.from(value as Buffer);
    if (data.length % 2 === 1) data = Buffer.concat([data, Buffer.from(vr === 'UI' ? '\0' : ' ')]);
  }
  const head = Buffer.alloc(LONG_VRS.has(vr) ? 12 : 8);
  head.writeUInt16LE(tag >>> 16, 0);
  head.writeUInt16LE(tag & 0xffff, 2);
  head.write(vr, 4, 'latin1');
  if (LONG_VRS.has(vr)) head.writeUInt32LE(data.length, 8);
  else head.writeUInt16LE(data.length, 6);
  return Buffer.concat([head, data]);
}

/** An element header of a given length whose value follows separately (or never). */
function longHeader(tag: number, vr: string, length: number): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16LE(tag >>> 16, 0);
  head.writeUInt16LE(tag & 0xffff, 2);
  head.write(vr, 4, 'latin1');
  head.writeUInt32LE(length >>> 0, 8);
  return head;
}

/** An item or delimiter of encapsulated pixel data (no VR). */
function item(tag: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(tag >>> 16, 0);
  head.writeUInt16LE(tag & 0xffff, 2);
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data]);
}

const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
export const TS = {
  explicitLittle: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  rle: '1.2.840.10008.1.2.5',
} as const;

/**
 * The SOP Instance UID of a made file: one per transfer syntax and image shape, so that files
 * that differ are different instances (a server refuses an instance it holds as a duplicate).
 */
function instanceOf(transferSyntax: string, { rows, columns, frames }: DicomImage): string {
  const syntax = Object.values(TS).indexOf(transferSyntax as (typeof TS)[keyof typeof TS]) + 1;
  return `1.2.826.0.1.3680043.10.1234.1.${syntax}.${rows}.${columns}.${frames ?? 0}`;
}

/** Preamble, DICM and the file meta group (with its group length, which dcmjs needs). */
function part10(transferSyntax: string, image: DicomImage, body: Buffer): Buffer {
  const instance = instanceOf(transferSyntax, image);
  const group = Buffer.concat([
    element(0x00020001, 'OB', Buffer.from([0, 1])),
    element(0x00020002, 'UI', SECONDARY_CAPTURE),
    element(0x00020003, 'UI', instance),
    element(0x00020010, 'UI', transferSyntax),
    element(0x00020012, 'UI', '1.2.826.0.1.3680043.10.1234'),
  ]);
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM'),
    element(0x00020000, 'UL', group.length),
    group,
    body,
  ]);
}

export interface DicomImage {
  rows: number;
  columns: number;
  /** Number of Frames; omitted when undefined */
  frames?: number;
}

/** Patient, study and Image Pixel module attributes before Pixel Data, 8-bit (MONOCHROME2). */
function imageAttributes(
  transferSyntax: string,
  image: DicomImage,
  photometric = 'MONOCHROME2',
): Buffer {
  const { rows, columns, frames } = image;
  return Buffer.concat([
    element(0x00080016, 'UI', SECONDARY_CAPTURE),
    element(0x00080018, 'UI', instanceOf(transferSyntax, image)),
    element(0x00080060, 'CS', 'OT'),
    element(0x00100010, 'PN', PATIENT_NAME),
    element(0x00100020, 'LO', 'HOSTILE-1'),
    element(0x0020000d, 'UI', '1.2.826.0.1.3680043.10.1234.2'),
    element(0x0020000e, 'UI', '1.2.826.0.1.3680043.10.1234.3'),
    element(0x00280002, 'US', 1),
    element(0x00280004, 'CS', photometric),
    ...(frames === undefined ? [] : [element(0x00280008, 'IS', String(frames))]),
    element(0x00280010, 'US', rows),
    element(0x00280011, 'US', columns),
    element(0x00280100, 'US', 8),
    element(0x00280101, 'US', 8),
    element(0x00280102, 'US', 7),
    element(0x00280103, 'US', 0),
  ]);
}

/** The 8-bit grey value of row `y` of frame `f`: a vertical gradient that differs per frame. */
const rowValue = (y: number, rows: number, f: number) =>
  (Math.floor((y * 200) / rows) + f * 40) % 256;

/** Uncompressed pixels; `storedFrames` of them whatever Number of Frames declares. */
export function nativeDicom(image: DicomImage & { storedFrames?: number }): Buffer {
  const stored = image.storedFrames ?? image.frames ?? 1;
  const pixels = Buffer.alloc(image.rows * image.columns * stored);
  for (let f = 0; f < stored; f++) {
    for (let y = 0; y < image.rows; y++) {
      const start = (f * image.rows + y) * image.columns;
      pixels.fill(rowValue(y, image.rows, f), start, start + image.columns);
    }
  }
  return part10(
    TS.explicitLittle,
    image,
    Buffer.concat([imageAttributes(TS.explicitLittle, image), element(0x7fe00010, 'OB', pixels)]),
  );
}

/** One RLE Lossless frame (PS3.5 Annex G): one segment of PackBits runs, row by row. */
function rleFrame(rows: number, columns: number, frame: number): Buffer {
  const runs: number[] = [];
  for (let y = 0; y < rows; y++) {
    const value = rowValue(y, rows, frame);
    let left = columns;
    for (; left >= 128; left -= 128) runs.push(0x81, value); // 128 repeats
    if (left >= 2) runs.push(257 - left, value);
    else if (left === 1) runs.push(0x00, value); // a literal run of one
  }
  if (runs.length % 2 === 1) runs.push(0x80); // no-op, pads the segment to even length
  const header = Buffer.alloc(64);
  header.writeUInt32LE(1, 0);
  header.writeUInt32LE(64, 4);
  return Buffer.concat([header, Buffer.from(runs)]);
}

/** An RLE Lossless file: tiny on disk whatever its size in pixels (2 bytes per 128 pixels). */
export function rleDicom(image: DicomImage): Buffer {
  const frames = image.frames ?? 1;
  const fragments = Array.from({ length: frames }, (_, f) =>
    item(0xfffee000, rleFrame(image.rows, image.columns, f)),
  );
  return part10(
    TS.rle,
    image,
    Buffer.concat([
      imageAttributes(TS.rle, image),
      longHeader(0x7fe00010, 'OB', 0xffffffff),
      item(0xfffee000), // an empty basic offset table: one fragment per frame
      ...fragments,
      item(0xfffee0dd),
    ]),
  );
}

/**
 * A Deflated Explicit VR Little Endian file whose Pixel Data holds `pixelBytes` zero bytes,
 * whatever the image declares: with the default 1 GiB, about 1 MiB on disk that inflates to
 * 1 GiB (the zip bomb of the issue). With `pixelBytes` = rows x columns it is a valid file.
 */
export function deflatedDicom(image: DicomImage & { pixelBytes?: number }): Buffer {
  const pixelBytes = image.pixelBytes ?? 1 << 30;
  const head = Buffer.concat([
    imageAttributes(TS.deflated, image),
    longHeader(0x7fe00010, 'OB', pixelBytes),
  ]);
  return part10(
    TS.deflated,
    image,
    Buffer.concat([flushed(head), ...zeroBlocks(pixelBytes), FINAL_BLOCK]),
  );
}

/**
 * An 8-bit PALETTE COLOR image (explicit VR little endian) whose pixel at (x, y) is index
 * (y * columns + x) % 256, with a 256-entry, 16-bit palette: red = i, green = 255 - i, blue =
 * 128 (in the high byte), first mapped value `first`; `segmented` leaves the LUT data out, as
 * a file with only a Segmented Palette Color LUT would.
 */
export function paletteDicom(options: {
  rows: number;
  columns: number;
  first?: number;
  segmented?: boolean;
}): Buffer {
  const { rows, columns, first = 0 } = options;
  const image = { rows, columns };
  const words = (value: (i: number) => number) => {
    const data = Buffer.alloc(512);
    for (let i = 0; i < 256; i++) data.writeUInt16LE(value(i) << 8, i * 2);
    return data;
  };
  const descriptor = Buffer.alloc(6);
  descriptor.writeUInt16LE(256, 0);
  descriptor.writeUInt16LE(first, 2);
  descriptor.writeUInt16LE(16, 4);
  const pixels = Buffer.alloc(rows * columns);
  for (let i = 0; i < pixels.length; i++) pixels[i] = i % 256;
  return part10(
    TS.explicitLittle,
    image,
    Buffer.concat([
      imageAttributes(TS.explicitLittle, image, 'PALETTE COLOR'),
      element(0x00281101, 'US', descriptor),
      element(0x00281102, 'US', descriptor),
      element(0x00281103, 'US', descriptor),
      ...(options.segmented
        ? []
        : [
            element(
              0x00281201,
              'OW',
              words((i) => i),
            ),
            element(
              0x00281202,
              'OW',
              words((i) => 255 - i),
            ),
            element(
              0x00281203,
              'OW',
              words(() => 128),
            ),
          ]),
      element(0x7fe00010, 'OB', pixels),
    ]),
  );
}
