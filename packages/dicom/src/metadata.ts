import type { DataSet } from 'dicom-parser';
import { DicomError } from './errors.js';

/** Tags read by this package, in dicom-parser's "xGGGGEEEE" form. */
export const TAG = {
  transferSyntaxUid: 'x00020010',
  sopClassUid: 'x00080016',
  sopInstanceUid: 'x00080018',
  studyDate: 'x00080020',
  modality: 'x00080060',
  manufacturer: 'x00080070',
  studyDescription: 'x00081030',
  seriesDescription: 'x0008103e',
  manufacturerModelName: 'x00081090',
  patientName: 'x00100010',
  patientId: 'x00100020',
  patientSex: 'x00100040',
  patientAge: 'x00101010',
  patientIdentityRemoved: 'x00120062',
  bodyPartExamined: 'x00180015',
  sliceThickness: 'x00180050',
  imagerPixelSpacing: 'x00181164',
  studyInstanceUid: 'x0020000d',
  seriesInstanceUid: 'x0020000e',
  seriesNumber: 'x00200011',
  instanceNumber: 'x00200013',
  samplesPerPixel: 'x00280002',
  photometricInterpretation: 'x00280004',
  planarConfiguration: 'x00280006',
  numberOfFrames: 'x00280008',
  rows: 'x00280010',
  columns: 'x00280011',
  pixelSpacing: 'x00280030',
  bitsAllocated: 'x00280100',
  bitsStored: 'x00280101',
  highBit: 'x00280102',
  pixelRepresentation: 'x00280103',
  windowCenter: 'x00281050',
  windowWidth: 'x00281051',
  rescaleIntercept: 'x00281052',
  rescaleSlope: 'x00281053',
  rescaleType: 'x00281054',
  pixelData: 'x7fe00010',
} as const;

export interface PixelSpacing {
  /** Distance between rows (vertical), in mm. */
  readonly row: number;
  /** Distance between columns (horizontal), in mm. */
  readonly column: number;
  /** Pixel Spacing (0028,0030) is in the patient; Imager Pixel Spacing (0018,1164) at the detector. */
  readonly source: 'PixelSpacing' | 'ImagerPixelSpacing';
}

export interface WindowSetting {
  readonly center: number;
  readonly width: number;
}

/** The Image Pixel module and what is needed to display the image. */
export interface ImageInfo {
  readonly rows: number;
  readonly columns: number;
  readonly numberOfFrames: number;
  readonly samplesPerPixel: number;
  readonly photometricInterpretation: string;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly signed: boolean;
  /** 0: samples interleaved (RGBRGB...), 1: one plane per sample (RR..GG..BB..). */
  readonly planarConfiguration: 0 | 1;
  readonly pixelSpacing: PixelSpacing | undefined;
  readonly sliceThickness: number | undefined;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  /** Rescale Type (0028,1054): the unit of the rescaled values ('HU', 'US' unspecified, ...). */
  readonly rescaleType: string | undefined;
  /** Window settings stored in the file (VOI LUT module), first one is the default. */
  readonly windows: readonly WindowSetting[];
}

/** A typed summary of a DICOM file's searchable attributes. Absent or empty values are undefined. */
export interface DicomMetadata {
  readonly transferSyntaxUid: string;
  readonly sopClassUid: string | undefined;
  readonly sopInstanceUid: string | undefined;
  readonly studyInstanceUid: string | undefined;
  readonly seriesInstanceUid: string | undefined;
  readonly modality: string | undefined;
  readonly bodyPartExamined: string | undefined;
  readonly studyDate: string | undefined;
  readonly studyDescription: string | undefined;
  readonly seriesDescription: string | undefined;
  readonly seriesNumber: number | undefined;
  readonly instanceNumber: number | undefined;
  readonly manufacturer: string | undefined;
  readonly manufacturerModelName: string | undefined;
  readonly patientName: string | undefined;
  readonly patientId: string | undefined;
  readonly patientSex: string | undefined;
  readonly patientAge: string | undefined;
  /** Patient Identity Removed (0012,0062) is "YES". */
  readonly patientIdentityRemoved: boolean;
  /** Present when the file has Pixel Data. */
  readonly image: ImageInfo | undefined;
}

function text(dataSet: DataSet, tag: string): string | undefined {
  const value = dataSet.string(tag)?.replace(/\0+$/, '').trim();
  return value === '' ? undefined : value;
}

function decimal(dataSet: DataSet, tag: string, index = 0): number | undefined {
  const value = dataSet.floatString(tag, index);
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

function integer(dataSet: DataSet, tag: string): number | undefined {
  const value = dataSet.intString(tag);
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

/** A US attribute that must be there when the file has pixel data. */
function requiredUint16(dataSet: DataSet, tag: string, name: string): number {
  const value = dataSet.uint16(tag);
  if (value === undefined) {
    throw new DicomError('malformed', `malformed DICOM file: pixel data without ${name}`);
  }
  return value;
}

function readPixelSpacing(dataSet: DataSet): PixelSpacing | undefined {
  for (const source of ['PixelSpacing', 'ImagerPixelSpacing'] as const) {
    const tag = source === 'PixelSpacing' ? TAG.pixelSpacing : TAG.imagerPixelSpacing;
    const row = decimal(dataSet, tag, 0);
    const column = decimal(dataSet, tag, 1);
    if (row !== undefined && column !== undefined && row > 0 && column > 0) {
      return { row, column, source };
    }
  }
  return undefined;
}

function readWindows(dataSet: DataSet): WindowSetting[] {
  const count = dataSet.numStringValues(TAG.windowCenter) ?? 0;
  const windows: WindowSetting[] = [];
  for (let index = 0; index < count; index++) {
    const center = decimal(dataSet, TAG.windowCenter, index);
    const width = decimal(dataSet, TAG.windowWidth, index);
    // A width below 1 is invalid (PS3.3 C.11.2.1.2); some writers store 0\0 for "none".
    if (center !== undefined && width !== undefined && width >= 1) windows.push({ center, width });
  }
  return windows;
}

function readImageInfo(dataSet: DataSet): ImageInfo {
  const rows = requiredUint16(dataSet, TAG.rows, 'Rows');
  const columns = requiredUint16(dataSet, TAG.columns, 'Columns');
  const bitsAllocated = requiredUint16(dataSet, TAG.bitsAllocated, 'Bits Allocated');
  const bitsStored = dataSet.uint16(TAG.bitsStored) ?? bitsAllocated;
  const numberOfFrames = integer(dataSet, TAG.numberOfFrames) ?? 1;
  if (rows === 0 || columns === 0 || numberOfFrames < 1 || bitsStored > bitsAllocated) {
    throw new DicomError(
      'malformed',
      `malformed DICOM file: ${rows}x${columns} pixels, ${numberOfFrames} frames, ` +
        `${bitsStored} of ${bitsAllocated} bits`,
    );
  }
  return {
    rows,
    columns,
    numberOfFrames,
    samplesPerPixel: dataSet.uint16(TAG.samplesPerPixel) ?? 1,
    photometricInterpretation: text(dataSet, TAG.photometricInterpretation) ?? 'MONOCHROME2',
    bitsAllocated,
    bitsStored,
    highBit: dataSet.uint16(TAG.highBit) ?? bitsStored - 1,
    signed: dataSet.uint16(TAG.pixelRepresentation) === 1,
    planarConfiguration: dataSet.uint16(TAG.planarConfiguration) === 1 ? 1 : 0,
    pixelSpacing: readPixelSpacing(dataSet),
    sliceThickness: decimal(dataSet, TAG.sliceThickness),
    rescaleSlope: decimal(dataSet, TAG.rescaleSlope) ?? 1,
    rescaleIntercept: decimal(dataSet, TAG.rescaleIntercept) ?? 0,
    rescaleType: text(dataSet, TAG.rescaleType),
    windows: readWindows(dataSet),
  };
}

/** Reads the summary of a parsed data set; throws DicomError 'malformed' for impossible images. */
export function readMetadata(dataSet: DataSet): DicomMetadata {
  const transferSyntaxUid = text(dataSet, TAG.transferSyntaxUid);
  if (transferSyntaxUid === undefined) {
    throw new DicomError('malformed', 'malformed DICOM file: no Transfer Syntax UID');
  }
  return {
    transferSyntaxUid,
    sopClassUid: text(dataSet, TAG.sopClassUid),
    sopInstanceUid: text(dataSet, TAG.sopInstanceUid),
    studyInstanceUid: text(dataSet, TAG.studyInstanceUid),
    seriesInstanceUid: text(dataSet, TAG.seriesInstanceUid),
    modality: text(dataSet, TAG.modality),
    bodyPartExamined: text(dataSet, TAG.bodyPartExamined),
    studyDate: text(dataSet, TAG.studyDate),
    studyDescription: text(dataSet, TAG.studyDescription),
    seriesDescription: text(dataSet, TAG.seriesDescription),
    seriesNumber: integer(dataSet, TAG.seriesNumber),
    instanceNumber: integer(dataSet, TAG.instanceNumber),
    manufacturer: text(dataSet, TAG.manufacturer),
    manufacturerModelName: text(dataSet, TAG.manufacturerModelName),
    patientName: text(dataSet, TAG.patientName),
    patientId: text(dataSet, TAG.patientId),
    patientSex: text(dataSet, TAG.patientSex),
    patientAge: text(dataSet, TAG.patientAge),
    patientIdentityRemoved: text(dataSet, TAG.patientIdentityRemoved)?.toUpperCase() === 'YES',
    image: TAG.pixelData in dataSet.elements ? readImageInfo(dataSet) : undefined,
  };
}
