// @medlabel/dicom: parse DICOM Part 10 files, decode and render frames, de-identify. No HTTP.
// The codec packages and dcmjs ship no typings: our declarations travel with the package, so
// every program that imports it (server, e2e, api-client generator) type-checks without setup.
/// <reference path="./types/codecs.d.ts" />
/// <reference path="./types/dcmjs.d.ts" />
export { DicomError, type DicomErrorCode } from './errors.js';
export { parseDicom, isPart10, type DicomFile } from './parse.js';
export { DICOM_LIMITS, checkImageLimits } from './limits.js';
export type { DicomMetadata, ImageInfo, PixelSpacing, WindowSetting } from './metadata.js';
export {
  SUPPORTED_TRANSFER_SYNTAXES,
  findTransferSyntax,
  type TransferSyntax,
  type PixelEncoding,
} from './transfer-syntax.js';
export { decodeFrame, type DecodedFrame, type GreyFrame, type RgbFrame } from './decode.js';
export {
  applyWindow,
  minMaxWindow,
  percentileWindow,
  fileWindow,
  CT_SOFT_TISSUE_WINDOW,
} from './window.js';
export { frameValues, type FrameValues } from './values.js';
export { renderFramePng, type RenderedFrame, type WindowChoice } from './render.js';
export {
  deidentify,
  type DeidentifyOptions,
  type DeidentifyResult,
  type DeidentifyChange,
  type DeidentifyAction,
} from './deidentify.js';
export { replacementUid, patientPseudonym } from './uid.js';
export { sourceInstance, type SourceInstance } from './sr/source.js';
export type {
  Observer,
  ReportAnnotation,
  ReportMeasurement,
  ReportPoint,
  ReportShape,
} from './sr/annotations.js';
export { measurementReport, type MeasurementReportInput } from './sr/measurement-report.js';
export { readMeasurementReport, type ReadAnnotation, type ReadReport } from './sr/read-report.js';
export { segmentation, type SegmentationInput } from './seg/segmentation.js';
export {
  readSegmentation,
  readSegmentationContours,
  type SegmentationContours,
  type ReadSegment,
  type ReadSegmentFrame,
  type ReadSegmentation,
} from './seg/read-segmentation.js';
export { fillPolygon } from './seg/raster.js';
export { traceContours } from './seg/trace.js';
