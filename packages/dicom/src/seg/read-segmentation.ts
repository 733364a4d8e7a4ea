// Reads back a segmentation written by segmentation(): its segments and, per frame, the
// referenced instance and frame with the mask.
import { codeOf } from '../sr/content.js';
import { items, readNaturalized, str } from '../sr/dataset.js';
import { DicomError } from '../errors.js';
import { unpackFrame } from './raster.js';
import { SEGMENTATION_STORAGE } from './segmentation.js';

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
  const segments = items(data.SegmentSequence).map((s) => ({
    number: Number(str(s.SegmentNumber)),
    label: codeOf(items(s.SegmentedPropertyTypeCodeSequence)[0])?.value ?? str(s.SegmentLabel),
    tool: str(s.TrackingID),
    observer: str(s.SegmentDescription),
  }));
  const frames = items(data.PerFrameFunctionalGroupsSequence).map((group, index) => {
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
