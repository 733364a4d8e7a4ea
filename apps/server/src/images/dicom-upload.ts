import {
  DicomError,
  deidentify,
  frameValues,
  parseDicom,
  renderFramePng,
  type DeidentifyOptions,
  type DicomErrorCode,
} from '@medlabel/dicom';
import { HttpError } from '../http/problem.js';
import { encodeFrameValues } from './frame-values.js';

/** What an uploaded DICOM file becomes: de-identified bytes, a PNG of frame 0 and its attributes. */
export interface DicomUpload {
  dicom: Uint8Array;
  png: Buffer;
  width: number;
  height: number;
  frames: number;
  modality: string | null;
  bodyPart: string | null;
  studyUid: string | null;
  seriesUid: string | null;
  metadata: Record<string, unknown>;
}

const STATUS: Record<DicomErrorCode, number> = {
  'not-part10': 400,
  malformed: 400,
  'unsupported-transfer-syntax': 415,
  'unsupported-pixel-format': 415,
  'unsupported-data-set': 415,
  'no-pixel-data': 422,
  'decode-failed': 422,
  'frame-out-of-range': 404,
  'too-large': 413,
};

/** DICOM errors describe the upload: answer them as problems, never as 500s. */
export function dicomProblem(error: DicomError): HttpError {
  return new HttpError(STATUS[error.code], `dicom-${error.code}`, error.message);
}

/**
 * De-identifies first (only its output is kept), then renders frame 0. Pixel spacing goes to
 * `metadata.pixelSpacing` as [row, column] mm, as the viewer and @medlabel/geometry read it.
 * A file whose Burned In Annotation is YES is kept, flagged `burnedInAnnotation: true` for a
 * person to review: the profile cannot remove text drawn into the pixels. CPU-bound and synchronous in parts (inflating, dcmjs, decoding): the server runs it on a
 * worker thread (dicom-workers.ts). Throws DicomError for what the file is.
 */
export async function importDicom(
  bytes: Uint8Array,
  options: DeidentifyOptions,
): Promise<DicomUpload> {
  const { bytes: dicom, file, metadata, burnedInAnnotation } = deidentify(bytes, options);
  const image = metadata.image;
  if (!image) throw new DicomError('no-pixel-data', 'the DICOM file has no pixel data');
  const rendered = await renderFramePng(file, 0);
  const spacing = image.pixelSpacing;
  return {
    dicom,
    png: rendered.png,
    width: rendered.width,
    height: rendered.height,
    frames: image.numberOfFrames,
    modality: metadata.modality ?? null,
    bodyPart: metadata.bodyPartExamined ?? null,
    studyUid: metadata.studyInstanceUid ?? null,
    seriesUid: metadata.seriesInstanceUid ?? null,
    metadata: {
      source: 'dicom',
      ...(spacing
        ? { pixelSpacing: [spacing.row, spacing.column], pixelSpacingSource: spacing.source }
        : {}),
      sopClassUid: metadata.sopClassUid,
      // Replaced by de-identification, deterministically for a secret: finds a duplicate upload.
      sopInstanceUid: metadata.sopInstanceUid,
      instanceNumber: metadata.instanceNumber,
      seriesDescription: metadata.seriesDescription,
      photometricInterpretation: image.photometricInterpretation,
      patientSex: metadata.patientSex,
      patientAge: metadata.patientAge,
      manufacturer: metadata.manufacturer,
      ...(burnedInAnnotation === 'YES' ? { burnedInAnnotation: true } : {}),
    },
  };
}

/** Renders one frame of a stored (de-identified) DICOM file (on a worker thread, too). */
export async function renderDicomFrame(dicom: Uint8Array, frame: number): Promise<Buffer> {
  return (await renderFramePng(parseDicom(dicom), frame)).png;
}

/** The modality values of one greyscale frame of a stored DICOM file, encoded (frame-values.ts). */
export async function dicomFrameValues(dicom: Uint8Array, frame: number): Promise<Uint8Array> {
  return encodeFrameValues(await frameValues(parseDicom(dicom), frame));
}
