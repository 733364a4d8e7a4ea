/**
 * A DICOM worker thread: de-identifies uploads, renders frames and decodes their values with @medlabel/dicom, whose
 * parsing, inflating, rewriting and decoding are CPU-bound and partly synchronous, so that
 * none of it runs on the HTTP event loop. One task at a time; see dicom-workers.ts.
 */
import { studyReport, studySegmentations } from '../exports/dicom-derived.js';
import { DicomError, readMeasurementReport, readSegmentationContours } from '@medlabel/dicom';
import { serveTasks } from '../threads/serve-tasks.js';
import { dicomFrameValues, importDicom, renderDicomFrame } from './dicom-upload.js';
import type { DicomTask } from './dicom-workers.js';

function perform(task: DicomTask): unknown {
  switch (task.kind) {
    case 'sr':
      return studyReport(task.study);
    case 'seg':
      return studySegmentations(task.study);
    case 'read-sr':
      return readMeasurementReport(task.bytes);
    case 'read-seg':
      return readSegmentationContours(task.bytes);
    case 'import':
      return importDicom(task.bytes, task.deidentify);
    case 'render':
      return renderDicomFrame(task.bytes, task.frame);
    case 'values':
      return dicomFrameValues(task.bytes, task.frame);
  }
}

serveTasks(perform, (error) => (error instanceof DicomError ? error.code : undefined));
