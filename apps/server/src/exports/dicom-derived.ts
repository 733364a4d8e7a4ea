// A study's annotations as DICOM objects that reference its stored (de-identified) files: a TID
// 1500 measurement report (SR) and a binary segmentation (SEG). CPU-bound (parsing the files,
// rasterising contours, encoding): runs on the DICOM worker threads (dicom.worker.ts).
import {
  measurementReport,
  segmentation,
  sourceInstance,
  type Observer,
  type ReportMeasurement,
  type ReportShape,
} from '@medlabel/dicom';

/** One annotation of one of the study's files (by index into `files`). */
export interface DerivedAnnotation {
  file: number;
  observer: Observer;
  labels: string[];
  shapes: ReportShape[];
  measurements: ReportMeasurement[];
}

export interface DerivedStudy {
  /** the stored de-identified DICOM files of the study's annotated images */
  files: Uint8Array[];
  annotations: DerivedAnnotation[];
  /** what the image labels are called (the template's classification title) */
  labelConcept: string;
  seriesDescription: string;
}

const withInstances = (study: DerivedStudy) => {
  const instances = study.files.map((bytes) => sourceInstance(bytes));
  return study.annotations.map(({ file, ...rest }) => ({ ...rest, instance: instances[file]! }));
};

/** The Part 10 bytes of the study's measurement report. */
export function studyReport(study: DerivedStudy): Uint8Array {
  return measurementReport({
    annotations: withInstances(study),
    labelConcept: study.labelConcept,
    seriesDescription: study.seriesDescription,
  });
}

/** A segmentation of one series' contours. */
export interface SeriesSegmentation {
  seriesInstanceUid: string;
  bytes: Uint8Array;
}

/**
 * The contours of the study as binary segmentations: one per series (and image size, as a
 * segmentation's frames share theirs), none for series without contours.
 */
export function studySegmentations(study: DerivedStudy): SeriesSegmentation[] {
  const groups = new Map<string, ReturnType<typeof withInstances>>();
  for (const annotation of withInstances(study)) {
    const { seriesInstanceUid, rows, columns } = annotation.instance;
    const key = `${seriesInstanceUid}|${rows}x${columns}`;
    groups.set(key, [...(groups.get(key) ?? []), annotation]);
  }
  const out: SeriesSegmentation[] = [];
  for (const annotations of groups.values()) {
    const bytes = segmentation({ annotations, seriesDescription: study.seriesDescription });
    if (bytes) out.push({ seriesInstanceUid: annotations[0]!.instance.seriesInstanceUid, bytes });
  }
  return out;
}
