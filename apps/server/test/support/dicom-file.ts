// A small, valid DICOM file (2 x 2, 8-bit secondary capture) with the attributes a test sets,
// written with dcmjs, the library @medlabel/dicom rewrites files with.
import dcmjs from 'dcmjs';
import type { DcmjsDataset } from 'dcmjs';

const SC_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.7';

export interface DicomFileOptions {
  /** Burned In Annotation (0028,0301); left out when undefined */
  burnedInAnnotation?: 'YES' | 'NO';
  /** distinct per file of one test, so each is its own instance */
  instance?: number;
}

export function smallDicom({ burnedInAnnotation, instance = 1 }: DicomFileOptions = {}): Buffer {
  const sopInstanceUid = `1.2.826.0.1.3680043.10.995.${instance}`;
  const dict = new dcmjs.data.DicomDict({
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [SC_IMAGE_STORAGE] },
    '00020003': { vr: 'UI', Value: [sopInstanceUid] },
    '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.997'] },
    '00020016': { vr: 'AE', Value: ['HOSPITAL_PACS'] },
  });
  const dataset: DcmjsDataset = {
    '00080016': { vr: 'UI', Value: [SC_IMAGE_STORAGE] },
    '00080018': { vr: 'UI', Value: [sopInstanceUid] },
    '00080060': { vr: 'CS', Value: ['OT'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
    '00100020': { vr: 'LO', Value: ['MRN-123456'] },
    '00100040': { vr: 'CS', Value: ['F'] },
    '00101010': { vr: 'AS', Value: ['042Y'] },
    '00101030': { vr: 'DS', Value: ['61'] },
    '00181020': { vr: 'LO', Value: ['SCANNER-OS 7.1.2'] },
    '0020000D': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.994.1'] },
    '0020000E': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.993.1'] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280010': { vr: 'US', Value: [2] },
    '00280011': { vr: 'US', Value: [2] },
    '00280100': { vr: 'US', Value: [8] },
    '00280101': { vr: 'US', Value: [8] },
    '00280102': { vr: 'US', Value: [7] },
    '00280103': { vr: 'US', Value: [0] },
    '7FE00010': { vr: 'OB', Value: [new Uint8Array([0, 64, 128, 255]).buffer] },
  };
  if (burnedInAnnotation) dataset['00280301'] = { vr: 'CS', Value: [burnedInAnnotation] };
  dict.dict = dataset;
  return Buffer.from(dict.write());
}
