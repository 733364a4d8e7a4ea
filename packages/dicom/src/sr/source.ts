// What an SR or SEG needs to know of an image it references: read from the stored (de-identified)
// file, so the derived objects carry the same identifiers as the files we serve.
import { readNaturalized, str, type Naturalized } from './dataset.js';

/** The attributes of the Patient and General Study modules a derived object copies. */
const STUDY_ATTRIBUTES = [
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'StudyInstanceUID',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'StudyID',
  'AccessionNumber',
] as const;

export interface SourceInstance {
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string | null;
  rows: number;
  columns: number;
  numberOfFrames: number;
  /** [row, column] mm; null without one */
  pixelSpacing: [number, number] | null;
  sliceThickness: number | null;
  imageOrientationPatient: number[] | null;
  imagePositionPatient: number[] | null;
  /** the Patient and General Study attributes to copy, naturalized */
  study: Naturalized;
}

const numbers = (value: unknown): number[] | null =>
  Array.isArray(value) && value.length > 0 ? value.map(Number) : null;

/** The referencing attributes of a Part 10 file (read up to its Pixel Data only). */
export function sourceInstance(bytes: Uint8Array): SourceInstance {
  const data = readNaturalized(bytes, true);
  const spacing = numbers(data.PixelSpacing) ?? numbers(data.ImagerPixelSpacing);
  const study: Naturalized = {};
  for (const keyword of STUDY_ATTRIBUTES) study[keyword] = data[keyword] ?? '';
  const thickness = Number(str(data.SliceThickness));
  return {
    sopClassUid: str(data.SOPClassUID),
    sopInstanceUid: str(data.SOPInstanceUID),
    studyInstanceUid: str(data.StudyInstanceUID),
    seriesInstanceUid: str(data.SeriesInstanceUID),
    frameOfReferenceUid: str(data.FrameOfReferenceUID) || null,
    rows: Number(str(data.Rows)),
    columns: Number(str(data.Columns)),
    numberOfFrames: Number(str(data.NumberOfFrames)) || 1,
    pixelSpacing: spacing && spacing.length === 2 ? [spacing[0]!, spacing[1]!] : null,
    sliceThickness: Number.isFinite(thickness) && thickness > 0 ? thickness : null,
    imageOrientationPatient: numbers(data.ImageOrientationPatient),
    imagePositionPatient: numbers(data.ImagePositionPatient),
    study,
  };
}
