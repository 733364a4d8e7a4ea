// Hostile input for the hardening tests (issue #9), generated here rather than committed: PNG
// and JPEG files carrying identifying text, truncated and 16000 x 16000 PNGs, nesting that
// overflows a recursive walker, CSV the JSON route refuses; the DICOM files (deflate bomb,
// forged frame counts, huge RLE) come from @medlabel/dicom's own generator, re-exported here.
// Every generator is deterministic and cheap.
import zlib from 'node:zlib';
import sharp from 'sharp';
import {
  PATIENT_NAME,
  zlibOfZeros,
} from '../../../../packages/dicom/test/support/hostile-dicom.js';

export {
  PATIENT_NAME,
  TS,
  deflatedDicom,
  nativeDicom,
  paletteDicom,
  rleDicom,
  type DicomImage,
} from '../../../../packages/dicom/test/support/hostile-dicom.js';

// ---------------------------------------------------------------------------------------------
// JSON and payloads

/** `depth` arrays inside each other: `[[[...]]]`. */
export const deepJson = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** A convex polygon of `n` vertices (no self-intersection) around (cx, cy). */
export function circle(n: number, radius = 400, cx = 500, cy = 500): { x: number; y: number }[] {
  return Array.from({ length: n }, (_, i) => {
    const angle = (i / n) * Math.PI * 2;
    return { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
  });
}

// ---------------------------------------------------------------------------------------------
// PNG

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
export function pngChunk(type: string, data: Buffer | string): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data as Buffer)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

function ihdr(width: number, height: number, bitDepth: number, colourType: number): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data.set([bitDepth, colourType, 0, 0, 0], 8);
  return pngChunk('IHDR', data);
}

export interface PngOptions {
  width: number;
  height: number;
  /** 8 (default) or 16 bits a sample */
  bitDepth?: 8 | 16;
  /** grey (default) or rgb */
  colour?: 'grey' | 'rgb';
  /** the sample of channel `c` at (x, y); default a diagonal gradient */
  sample?: (x: number, y: number, c: number) => number;
  /** chunks between IHDR and IDAT, and between IDAT and IEND */
  before?: Buffer[];
  after?: Buffer[];
  /** bytes after IEND */
  trailing?: Buffer;
}

/** A PNG written by hand, so that bit depth, chunks and damage are exactly what a test wants. */
export function makePng(options: PngOptions): Buffer {
  const { width, height, bitDepth = 8, colour = 'grey' } = options;
  const channels = colour === 'grey' ? 1 : 3;
  const max = bitDepth === 16 ? 65535 : 255;
  const sample =
    options.sample ?? ((x: number, y: number, c: number) => ((x + y) * (c + 1) * 37) % (max + 1));
  const bytes = bitDepth / 8;
  const stride = 1 + width * channels * bytes;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const at = y * stride + 1 + (x * channels + c) * bytes;
        const value = sample(x, y, c);
        if (bytes === 2) raw.writeUInt16BE(value, at);
        else raw[at] = value;
      }
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height, bitDepth, colour === 'grey' ? 0 : 2),
    ...(options.before ?? []),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    ...(options.after ?? []),
    pngChunk('IEND', Buffer.alloc(0)),
    options.trailing ?? Buffer.alloc(0),
  ]);
}

/** A name that must never survive an upload (the issue observed a doctor's name in EXIF). */
export const DOCTOR_NAME = 'Dr. Gregory House';

/**
 * A 16-bit greyscale PNG carrying identifying text in every place PNG allows: tEXt, zTXt (its
 * text compressed, so a byte search would miss it), iTXt, eXIf, tIME, a private chunk and bytes
 * after IEND.
 */
export function pngWithIdentifyingText(): Buffer {
  const exif = Buffer.concat([
    Buffer.from('MM\0*\0\0\0\x08\0\x01', 'latin1'),
    // IFD0: one ASCII entry, Artist (0x013b), value at offset 26.
    Buffer.from([0x01, 0x3b, 0x00, 0x02, 0, 0, 0, DOCTOR_NAME.length + 1, 0, 0, 0, 26]),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from(`${DOCTOR_NAME}\0`, 'latin1'),
  ]);
  return makePng({
    width: 300,
    height: 200,
    bitDepth: 16,
    sample: (x, y) => (x * 211 + y * 97) % 65536,
    before: [
      pngChunk('tEXt', `Author\0${DOCTOR_NAME}`),
      pngChunk(
        'zTXt',
        Buffer.concat([Buffer.from('Comment\0\0'), zlib.deflateSync(`Patient: ${PATIENT_NAME}`)]),
      ),
      pngChunk('iTXt', `Description\0\0\0en\0\0Patient ${PATIENT_NAME}`),
      pngChunk('eXIf', exif),
      pngChunk('tIME', Buffer.from([0x07, 0xe8, 1, 2, 3, 4, 5])),
      pngChunk('prVt', `private ${PATIENT_NAME}`),
    ],
    after: [pngChunk('tEXt', `Source\0${PATIENT_NAME}`)],
    trailing: Buffer.from(`appended ${PATIENT_NAME}`),
  });
}

/** A valid PNG cut off in its image data: its header reads, its pixels do not. */
export function truncatedPng(): Buffer {
  const whole = makePng({
    width: 256,
    height: 256,
    colour: 'rgb',
    // Noise, so that the image data is large and the cut lands in the middle of it.
    sample: (x, y, c) => (Math.imul(x * 7919 + y * 104729 + c * 31, 2654435761) >>> 24) & 0xff,
  });
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

/**
 * A PNG of width x height 8-bit grey pixels, all black: a few hundred KiB for 16000 x 16000
 * (256 M pixels), because its image data is built from repeated deflate blocks.
 */
export function hugePng(width = 16000, height = 16000): Buffer {
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height, 8, 0),
    pngChunk('IDAT', zlibOfZeros((width + 1) * height)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// JPEG

/** Inserts JPEG marker segments right after SOI. */
function withSegments(jpeg: Buffer, segments: { marker: number; data: Buffer }[]): Buffer {
  const encoded = segments.map(({ marker, data }) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(data.length + 2, 2);
    return Buffer.concat([head, data]);
  });
  return Buffer.concat([jpeg.subarray(0, 2), ...encoded, jpeg.subarray(2)]);
}

/**
 * A JPEG carrying identifying text in EXIF (Artist, ImageDescription), XMP, IPTC (APP13), a
 * comment, and bytes after EOI; `orientation` sets the EXIF Orientation (6: rotate 90 degrees
 * clockwise to display).
 */
export async function jpegWithIdentifyingText(orientation = 1): Promise<Buffer> {
  const base = await sharp({
    create: { width: 120, height: 80, channels: 3, background: '#406080' },
  })
    .composite([
      {
        input: { create: { width: 40, height: 20, channels: 3, background: '#f0f0f0' } },
        left: 0,
        top: 0,
      },
    ])
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Artist: DOCTOR_NAME, ImageDescription: `Patient ${PATIENT_NAME}` } })
    .withMetadata({ orientation })
    .toBuffer();
  const xmp = Buffer.from(
    `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>${DOCTOR_NAME}</dc:creator></x:xmpmeta>`,
  );
  const iptc = Buffer.from(`Photoshop 3.0\0 8BIM caption ${PATIENT_NAME}`);
  return Buffer.concat([
    withSegments(base, [
      { marker: 0xe1, data: xmp },
      { marker: 0xed, data: iptc },
      { marker: 0xfe, data: Buffer.from(`Patient ${PATIENT_NAME}, read by ${DOCTOR_NAME}`) },
    ]),
    Buffer.from(`after EOI ${PATIENT_NAME}`),
  ]);
}

// ---------------------------------------------------------------------------------------------
// CSV

/** An import CSV with the values the JSON route refuses: a width of 1e20, a 100,000-character modality. */
export function hostileCsv(kind: 'width' | 'modality' | 'frames' | 'metadata'): string {
  const url = `/api/files/${'0'.repeat(32)}.png`;
  switch (kind) {
    case 'width':
      return `url,width,height\n${url},100000000000000000000,1\n`;
    case 'modality':
      return `url,width,height,modality\n${url},1,1,${'x'.repeat(100_000)}\n`;
    case 'frames':
      return `url,width,height,frames\n${url},1,1,2147483647\n`;
    case 'metadata':
      return `url,width,height,${'k'.repeat(300)}\n${url},1,1,v\n`;
  }
}
