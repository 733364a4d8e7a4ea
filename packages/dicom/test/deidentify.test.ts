import { describe, expect, it } from 'vitest';
import { decodeFrame, deidentify, parseDicom } from '../src/index.js';
import { daikonBytes, pydicomBytes } from './support/data.js';
import { errorCode } from './support/errors.js';
import { sameFrame } from './support/frames.js';

const secret = 'test-secret';

describe('deidentify', () => {
  const original = pydicomBytes('CT_small.dcm');
  const before = parseDicom(original);
  const result = deidentify(original, { secret });
  const elements = result.file.dataSet.elements;

  it('pseudonymises the patient and empties or removes identifying attributes', () => {
    expect(before.metadata.patientName).toBe('CompressedSamples^CT1');
    expect(result.metadata.patientName).toMatch(/^ANON-[0-9A-F]{12}$/);
    expect(result.metadata.patientId).toBe(result.metadata.patientName);
    expect(result.metadata.patientSex).toBeUndefined();
    expect(result.metadata.patientAge).toBeUndefined();
    expect(result.metadata.studyDate).toBeUndefined();
    expect(elements.x00100030?.length ?? 0).toBe(0); // Patient's Birth Date: emptied
    expect(elements.x00080080).toBeUndefined(); // Institution Name: removed
    expect(elements.x00081010).toBeUndefined(); // Station Name: removed
    expect(result.metadata.studyDescription).toBeUndefined();
  });

  it('keeps the attributes needed to search and display the image', () => {
    expect(result.metadata.modality).toBe('CT');
    expect(result.metadata.sopClassUid).toBe(before.metadata.sopClassUid);
    expect(result.metadata.image).toEqual(before.metadata.image);
  });

  it('removes every private attribute, also those that were there', () => {
    const isPrivate = (tag: string) => parseInt(tag.slice(1, 5), 16) % 2 === 1;
    expect(Object.keys(before.dataSet.elements).filter(isPrivate).length).toBeGreaterThan(100);
    expect(Object.keys(elements).filter(isPrivate)).toEqual([]);
  });

  it('marks the file as de-identified', () => {
    expect(result.metadata.patientIdentityRemoved).toBe(true);
    expect(result.file.dataSet.string('x00120063')).toContain('PS3.15');
    const code = result.file.dataSet.elements.x00120064?.items?.[0]?.dataSet;
    expect(code?.string('x00080100')).toBe('113100');
  });

  it('copies the pixels unchanged', async () => {
    const [a, b] = await Promise.all([decodeFrame(before, 0), decodeFrame(result.file, 0)]);
    expect(sameFrame(a, b)).toBe(true);
  });

  it('lists the changes without the original values', () => {
    const summary = result.changes.map((change) => `${change.keyword}:${change.action}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'PatientName:pseudonymised',
        'PatientBirthDate:emptied',
        'InstitutionName:removed',
        'StudyInstanceUID:uid-replaced',
        'PatientIdentityRemoved:added',
      ]),
    );
    expect(JSON.stringify(result.changes)).not.toContain('CompressedSamples');
  });

  it('replaces UIDs consistently: same secret, same study; another secret, other UIDs', () => {
    const slice = (n: number) => daikonBytes(`volume/brain_00${n}.dcm`);
    const [one, two] = [deidentify(slice(1), { secret }), deidentify(slice(2), { secret })];
    expect(one.metadata.studyInstanceUid).toMatch(/^2\.25\.\d{1,39}$/);
    expect(one.metadata.studyInstanceUid).toBe(two.metadata.studyInstanceUid);
    expect(one.metadata.seriesInstanceUid).toBe(two.metadata.seriesInstanceUid);
    expect(one.metadata.sopInstanceUid).not.toBe(two.metadata.sopInstanceUid);
    expect(one.metadata.studyInstanceUid).not.toBe(parseDicom(slice(1)).metadata.studyInstanceUid);
    expect(deidentify(slice(1), { secret }).bytes).toEqual(one.bytes);
    const other = deidentify(slice(1), { secret: 'another secret' });
    expect(other.metadata.studyInstanceUid).not.toBe(one.metadata.studyInstanceUid);
    expect(one.metadata.patientId).toBe(two.metadata.patientId);
  });

  it('replaces UIDs inside sequences and the media storage SOP instance UID', () => {
    const xa = deidentify(daikonBytes('jpeg_baseline_8bit.dcm'), { secret });
    const source = xa.file.dataSet.elements.x00082112?.items?.[0]?.dataSet;
    expect(source?.string('x00081155')).toMatch(/^2\.25\./);
    expect(source?.string('x00081150')).toMatch(/^1\.2\.840\.10008\./); // a class UID: kept
    expect(xa.file.dataSet.string('x00020003')).toBe(xa.metadata.sopInstanceUid);
  });

  it('keeps sex and age with the Retain Patient Characteristics Option', () => {
    const kept = deidentify(original, { secret, retainPatientCharacteristics: true });
    expect(kept.metadata.patientSex).toBe('O');
    expect(kept.metadata.patientAge).toBe('000Y');
    const codes = kept.file.dataSet.elements.x00120064?.items?.map((i) =>
      i.dataSet?.string('x00080100'),
    );
    expect(codes).toEqual(['113100', '113108']);
  });

  it('rewrites a deflated file as explicit little endian with the same pixels', async () => {
    const bytes = daikonBytes('deflated.dcm');
    const out = deidentify(bytes, { secret });
    expect(out.metadata.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(sameFrame(await decodeFrame(out.file, 0), await decodeFrame(parseDicom(bytes), 0))).toBe(
      true,
    );
  });

  it.each(['rle.dcm', 'jpeg_ls.dcm', 'jpeg_2000.dcm', 'explicit_big.dcm', 'implicit_little.dcm'])(
    'keeps the transfer syntax and pixels of %s',
    async (name) => {
      const bytes = daikonBytes(name);
      const out = deidentify(bytes, { secret });
      const source = parseDicom(bytes);
      expect(out.metadata.transferSyntaxUid).toBe(source.metadata.transferSyntaxUid);
      expect(sameFrame(await decodeFrame(out.file, 0), await decodeFrame(source, 0))).toBe(true);
    },
  );

  it('rejects malformed input and reports what it cannot rewrite', () => {
    expect(errorCode(() => deidentify(pydicomBytes('MR_truncated.dcm'), { secret }))).toBe(
      'malformed',
    );
    expect(errorCode(() => deidentify(pydicomBytes('no_meta.dcm'), { secret }))).toBe('not-part10');
    // ISO 2022 code extensions (Japanese) are beyond dcmjs, the writer.
    expect(errorCode(() => deidentify(pydicomBytes('J2K_pixelrep_mismatch.dcm'), { secret }))).toBe(
      'unsupported-data-set',
    );
  });

  it('writes no more than it read: a sequence written as UN goes whole (rtdose_rle.dcm ran past 60 s)', async () => {
    // Its Referenced RT Plan Sequence has VR UN with an implicit-VR item, which dcmjs reads as
    // explicit: a 775 MB "element" whose copy took minutes. Bound: the output is the input, less
    // what was removed, plus the attributes de-identification adds (under 512 bytes).
    const input = pydicomBytes('rtdose_rle.dcm');
    const dose = deidentify(input, { secret: 'dose' });
    expect(dose.bytes.length).toBeLessThan(input.length + 512);
    expect(dose.changes).toContainEqual({
      path: '(300C,0002)',
      keyword: 'ReferencedRTPlanSequence',
      action: 'removed',
    });
    // The dose grid comes through: 15 frames of 10 x 10 with the original samples.
    const original = parseDicom(input);
    expect(dose.metadata.image?.numberOfFrames).toBe(15);
    const [a, b] = await Promise.all([decodeFrame(original, 14), decodeFrame(dose.file, 14)]);
    expect(sameFrame(a, b)).toBe(true);
    // The plan, whose sequences dcmjs reads, keeps them and stays within the same bound.
    const plan = pydicomBytes('rtplan.dcm');
    const deidentifiedPlan = deidentify(plan, { secret: 'dose' });
    expect(deidentifiedPlan.bytes.length).toBeLessThan(plan.length + 512);
    expect(deidentifiedPlan.changes.some((c) => c.path.startsWith('(300A,00B0)['))).toBe(true);
  });

  it('refuses an empty secret', () => {
    expect(() => deidentify(original, { secret: '' })).toThrow(/secret/);
  });
});
