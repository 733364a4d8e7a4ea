// Reads back a segmentation written by segmentation(): its segments and, per frame, the
// referenced instance and frame with the mask.
import type { ReportShape } from '../sr/annotations.js';
import { codeOf } from '../sr/content.js';
import { items, readNaturalized, str } from '../sr/dataset.js';
import { DicomError } from '../errors.js';
import { DICOM_LIMITS } from '../limits.js';
import { unpackFrame } from './raster.js';
import { SEGMENTATION_STORAGE } from './segmentation.js';
import { traceContours } from './trace.js';

export interface ReadSegment {
  number: number;
  label: string;
  tool: string;
  observer: string;
}

export interface ReadSegmentFrame {
  segmentNumber: number;
  sopInstanceUid: string;
  /** 0-based frame of the referenced image */
  frame: number;
  /** rows x columns of 0/1, row by row */
  mask: Uint8Array;
}

export interface ReadSegmentation {
  rows: number;
  columns: number;
  segments: ReadSegment[];
  frames: ReadSegmentFrame[];
}

/** The segments and masks of a BINARY segmentation segmentation() wrote. */
export function readSegmentation(bytes: Uint8Array): ReadSegmentation {
  const data = readNaturalized(bytes);
  if (str(data.SOPClassUID) !== SEGMENTATION_STORAGE || str(data.SegmentationType) !== 'BINARY')
    throw new DicomError('unsupported-data-set', 'not a binary segmentation');
  const rows = Number(str(data.Rows));
  const columns = Number(str(data.Columns));
  const pixelData = items(data.PixelData)[0] as unknown as ArrayBuffer;
  const packed = new Uint8Array(pixelData);
  const groups = items(data.PerFrameFunctionalGroupsSequence);
  // Frames are unpacked a byte a pixel: only as many as the pixel data holds, of a bounded size.
  if (
    !(rows > 0 && columns > 0) ||
    rows * columns > DICOM_LIMITS.frameSamples ||
    rows * columns * groups.length > packed.length * 8
  )
    throw new DicomError('malformed', 'the segmentation has more frames than pixel data');
  const segments = items(data.SegmentSequence).map((s) => ({
    number: Number(str(s.SegmentNumber)),
    label: codeOf(items(s.SegmentedPropertyTypeCodeSequence)[0])?.value ?? str(s.SegmentLabel),
    tool: str(s.TrackingID),
    observer: str(s.SegmentDescription),
  }));
  const frames = groups.map((group, index) => {
    const derivation = items(group.DerivationImageSequence)[0] ?? {};
    const source = items(derivation.SourceImageSequence)[0] ?? {};
    const frameNumber = Number(str(source.ReferencedFrameNumber));
    return {
      segmentNumber: Number(
        str(items(group.SegmentIdentificationSequence)[0]?.ReferencedSegmentNumber),
      ),
      sopInstanceUid: str(source.ReferencedSOPInstanceUID),
      frame: frameNumber > 0 ? frameNumber - 1 : 0,
      mask: unpackFrame(packed, index, rows * columns),
    };
  });
  return { rows, columns, segments, frames };
}

/** One image's contours by one observer in a segmentation: what an import saves. */
export interface SegmentationContours {
  sopInstanceUid: string;
  observer: string;
  shapes: ReportShape[];
}

/**
 * The contours of a segmentation segmentation() wrote, by referenced instance and observer:
 * each region of a frame's mask outlined (traceContours) as a polygon of its segment's tool and
 * label, so that filling it gives the mask back. Contours of one segment that overlapped on a
 * frame come back as one.
 */
export function readSegmentationContours(bytes: Uint8Array): SegmentationContours[] {
  const seg = readSegmentation(bytes);
  const segments = new Map(seg.segments.map((s) => [s.number, s]));
  const byImage = new Map<string, SegmentationContours>();
  for (const frame of seg.frames) {
    const segment = segments.get(frame.segmentNumber);
    if (!segment)
      throw new DicomError('malformed', `a frame refers to no segment (${frame.segmentNumber})`);
    const key = JSON.stringify([frame.sopInstanceUid, segment.observer]);
    const contours = byImage.get(key) ?? {
      sopInstanceUid: frame.sopInstanceUid,
      observer: segment.observer,
      shapes: [],
    };
    byImage.set(key, contours);
    // The writer names a segment without a label by its tool.
    const label = segment.label && segment.label !== segment.tool ? { label: segment.label } : {};
    for (const points of traceContours(frame.mask, seg.rows, seg.columns)) {
      contours.shapes.push({
        id: `seg-${contours.shapes.length + 1}`,
        kind: 'polygon',
        tool: segment.tool,
        frame: frame.frame,
        points,
        ...label,
      });
    }
  }
  return [...byImage.values()];
}
