import { describe, expect, it } from 'vitest';
import {
  DICOM_LIMITS,
  DicomError,
  checkImageLimits,
  decodeFrame,
  deidentify,
  parseDicom,
  renderFramePng,
} from '../src/index.js';
import { daikonBytes } from './support/data.js';
import { errorCode } from './support/errors.js';
import { deflatedDicom, nativeDicom, rleDicom } from './support/hostile-dicom.js';

async function failure(run: () => Promise<unknown>): Promise<string> {
  const error: unknown = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DicomError))
    throw new Error(`expected a DicomError, got ${String(error)}`);
  return error.code;
}

/**
 * Runs `work`, answering the CPU time it took (user + system of this test file's own process, so
 * other processes' load on the machine does not count) and how much the process grew (MiB).
 */
function measure(work: () => void): { ms: number; grewMiB: number } {
  const before = process.memoryUsage().rss;
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return {
    ms: (used.user + used.system) / 1000,
    grewMiB: (process.memoryUsage().rss - before) / 2 ** 20,
  };
}

describe('deflated data sets inflate no further than their image needs', () => {
  it('refuses a 1 MiB file that inflates to 1 GiB, declaring a 512 x 512 image', () => {
    const bomb = deflatedDicom({ rows: 512, columns: 512 });
    expect(bomb.length).toBeLessThan(1.1 * 2 ** 20);
    let code: string | undefined;
    const cost = measure(() => (code = errorCode(() => parseDicom(bomb))));
    expect(code).toBe('too-large');
    // Before: 1 GiB inflated synchronously (6.6 s here) and refused only because it passed
    // the old 1 GiB limit by its header; 64 KiB less was accepted and took 113 s and 6 GiB.
    expect(cost.ms).toBeLessThan(1000);
    expect(cost.grewMiB).toBeLessThan(100);
  });

  it('refuses one whose image declares 1 GiB, at the limit of inflated bytes', () => {
    const frames = 16;
    const declared = deflatedDicom({ rows: 8192, columns: 8192, frames });
    const cost = measure(() => expect(errorCode(() => parseDicom(declared))).toBe('too-large'));
    expect(cost.ms).toBeLessThan(2000);
    expect(DICOM_LIMITS.inflatedBytes).toBeLessThan(8192 * 8192 * frames);
  });

  it('reads a valid deflated file of that kind, and a real one', async () => {
    const file = parseDicom(deflatedDicom({ rows: 64, columns: 48, pixelBytes: 64 * 48 }));
    expect(file.metadata.image).toMatchObject({ rows: 64, columns: 48 });
    expect((await renderFramePng(file, 0)).width).toBe(48);
    const real = parseDicom(daikonBytes('deflated.dcm'));
    expect((await decodeFrame(real, 0)).rows).toBeGreaterThan(0);
  });

  it('refuses pixel data beyond what the image declares', () => {
    // 64 x 48 declared, 4 MiB stored: more than the 1 MiB allowed after the image's own bytes.
    const padded = deflatedDicom({ rows: 64, columns: 48, pixelBytes: 4 * 2 ** 20 });
    expect(errorCode(() => parseDicom(padded))).toBe('too-large');
  });
});

describe('image limits', () => {
  it('refuses 2,147,483,647 frames declared in 256 bytes, in deidentify too', () => {
    const forged = nativeDicom({ rows: 16, columns: 16, frames: 2_147_483_647, storedFrames: 1 });
    const file = parseDicom(forged); // reading metadata stays possible
    expect(file.metadata.image?.numberOfFrames).toBe(2_147_483_647);
    expect(errorCode(() => checkImageLimits(file))).toBe('too-large');
    expect(errorCode(() => deidentify(forged, { secret: 's' }))).toBe('too-large');
  });

  it('refuses frames the pixel data cannot hold, native or encapsulated', () => {
    const native = parseDicom(nativeDicom({ rows: 16, columns: 16, frames: 3, storedFrames: 2 }));
    expect(errorCode(() => checkImageLimits(native))).toBe('malformed');
    const rle = rleDicom({ rows: 16, columns: 16, frames: 2 });
    // Number of Frames "2" becomes "3" in place: two fragments for three frames.
    const forged = Buffer.from(rle);
    forged.write('3', parseDicom(rle).dataSet.elements.x00280008!.dataOffset, 'latin1');
    expect(parseDicom(forged).metadata.image?.numberOfFrames).toBe(3);
    expect(errorCode(() => checkImageLimits(parseDicom(forged)))).toBe('malformed');
    expect(errorCode(() => checkImageLimits(parseDicom(rle)))).toBeUndefined();
  });

  it('refuses more samples per image than the limit', () => {
    const frames = DICOM_LIMITS.imageSamples / (512 * 512) + 1;
    const file = parseDicom(nativeDicom({ rows: 512, columns: 512, frames, storedFrames: 1 }));
    expect(errorCode(() => checkImageLimits(file))).toBe('too-large');
  });

  it('refuses an 8000 x 8000 frame (1 MiB of RLE) before decoding it', async () => {
    const big = rleDicom({ rows: 8000, columns: 8000 });
    expect(big.length).toBeLessThan(2 ** 20);
    const file = parseDicom(big);
    expect(errorCode(() => checkImageLimits(file))).toBe('too-large');
    expect(await failure(() => decodeFrame(file, 0))).toBe('too-large');
  });

  it('decodes a frame at the limit', async () => {
    const side = Math.floor(Math.sqrt(DICOM_LIMITS.frameSamples));
    const file = parseDicom(rleDicom({ rows: side, columns: side, frames: 1 }));
    expect(errorCode(() => checkImageLimits(file))).toBeUndefined();
    expect((await decodeFrame(file, 0)).rows).toBe(side);
  });

  it('refuses a compressed frame that declares more pixels than the image', async () => {
    // The 512 x 512 JPEG frames of a real cine, its Rows and Columns rewritten to 16 in place.
    const bytes = daikonBytes('jpeg_baseline_8bit.dcm');
    const { elements } = parseDicom(bytes).dataSet;
    for (const tag of ['x00280010', 'x00280011']) bytes.set([16, 0], elements[tag]!.dataOffset);
    const file = parseDicom(bytes);
    expect(file.metadata.image).toMatchObject({ rows: 16, columns: 16 });
    expect(await failure(() => decodeFrame(file, 0))).toBe('decode-failed');
  });
});
