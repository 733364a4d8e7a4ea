// Reads back a measurement report written by measurementReport(): the annotations per referenced
// instance and observer, with their labels, shapes and measurements.
import type { Observer, ReportMeasurement, ReportPoint, ReportShape } from './annotations.js';
import { CONCEPTS, codeOf, sameCode, type Code } from './content.js';
import { items, readNaturalized, str, type Naturalized } from './dataset.js';
import { COMPREHENSIVE_SR, IMAGE_LABELS_TRACKING_ID } from './measurement-report.js';
import { DicomError } from '../errors.js';

export interface ReadAnnotation {
  sopClassUid: string;
  sopInstanceUid: string;
  observer: Observer;
  labels: string[];
  shapes: ReportShape[];
  measurements: ReportMeasurement[];
}

export interface ReadReport {
  studyInstanceUid: string;
  sopInstanceUid: string;
  annotations: ReadAnnotation[];
}

const nameOf = (item: Naturalized) => codeOf(items(item.ConceptNameCodeSequence)[0]);
const valueOf = (item: Naturalized) => codeOf(items(item.ConceptCodeSequence)[0]);
const child = (parent: Naturalized, concept: Code) =>
  items(parent.ContentSequence).find((c) => sameCode(nameOf(c), concept));

function observerOf(group: Naturalized): Observer {
  const type = valueOf(child(group, CONCEPTS.observerType) ?? {});
  if (type && sameCode(type, CONCEPTS.person))
    return { kind: 'person', name: str(child(group, CONCEPTS.personName)?.PersonName) };
  return { kind: 'device', name: str(child(group, CONCEPTS.deviceName)?.TextValue) };
}

function referenceOf(item: Naturalized) {
  const ref = items(item.ReferencedSOPSequence)[0] ?? {};
  const frame = Number(str(ref.ReferencedFrameNumber));
  return {
    sopClassUid: str(ref.ReferencedSOPClassUID),
    sopInstanceUid: str(ref.ReferencedSOPInstanceUID),
    frame: Number.isInteger(frame) && frame > 0 ? frame - 1 : 0,
  };
}

function pointsOf(data: unknown): ReportPoint[] {
  const values = (Array.isArray(data) ? data : [data]).map(Number);
  const points = [];
  for (let i = 0; i + 1 < values.length; i += 2) points.push({ x: values[i]!, y: values[i + 1]! });
  return points;
}

const SHAPE_KINDS = ['polygon', 'polyline', 'ruler', 'keypoint'] as const;

/** One measurement group: an image-label group or one shape with its measurements. */
function readGroup(group: Naturalized) {
  const trackingId = str(child(group, CONCEPTS.trackingId)?.TextValue);
  const observer = observerOf(group);
  if (trackingId === IMAGE_LABELS_TRACKING_ID) {
    const source = child(group, CONCEPTS.source);
    if (!source)
      throw new DicomError('unsupported-data-set', 'an image-label group without its image');
    const labels = items(group.ContentSequence)
      .filter((c) => sameCode(nameOf(c), CONCEPTS.imageLabel))
      .map((c) => valueOf(c)!.value);
    return { reference: referenceOf(source), observer, labels, shape: null, measurements: [] };
  }
  const region = child(group, CONCEPTS.imageRegion);
  const method = valueOf(child(group, CONCEPTS.method) ?? {})?.value;
  const kind = SHAPE_KINDS.find((k) => k === method);
  const slash = trackingId.indexOf('/');
  if (!region || !kind || slash < 1)
    throw new DicomError(
      'unsupported-data-set',
      `a measurement group medlabel did not write (${trackingId})`,
    );
  const reference = referenceOf(items(region.ContentSequence)[0] ?? {});
  let points = pointsOf(region.GraphicData);
  if (kind === 'polygon') points = points.slice(0, -1); // the closing point
  const label = valueOf(child(group, CONCEPTS.finding) ?? {})?.value;
  const base = {
    id: trackingId.slice(slash + 1),
    tool: trackingId.slice(0, slash),
    frame: reference.frame,
    points,
  };
  const shape: ReportShape =
    kind === 'keypoint'
      ? { ...base, kind, name: label ?? '' }
      : { ...base, kind, ...(label ? { label } : {}) };
  const measurements: ReportMeasurement[] = [];
  for (const quantity of ['area', 'perimeter', 'length'] as const) {
    const item = child(group, CONCEPTS[quantity]);
    const value = items(item?.MeasuredValueSequence)[0];
    if (value) {
      const exact = Number(str(value.FloatingPointValue));
      const mm =
        Number.isFinite(exact) && str(value.FloatingPointValue) !== ''
          ? exact
          : Number(str(value.NumericValue));
      measurements.push({ shapeId: base.id, quantity, mm });
    }
  }
  return { reference, observer, labels: [], shape, measurements };
}

/** The annotations of a report measurementReport() wrote, grouped by instance and observer. */
export function readMeasurementReport(bytes: Uint8Array): ReadReport {
  const data = readNaturalized(bytes);
  if (str(data.SOPClassUID) !== COMPREHENSIVE_SR || !sameCode(nameOf(data), CONCEPTS.report))
    throw new DicomError('unsupported-data-set', 'not an Imaging Measurement Report');
  const measurements = child(data, CONCEPTS.imagingMeasurements);
  const byKey = new Map<string, ReadAnnotation>();
  for (const group of items(measurements?.ContentSequence)) {
    const read = readGroup(group);
    const key = `${read.reference.sopInstanceUid}|${read.observer.kind}|${read.observer.name}`;
    let annotation = byKey.get(key);
    if (!annotation) {
      annotation = {
        sopClassUid: read.reference.sopClassUid,
        sopInstanceUid: read.reference.sopInstanceUid,
        observer: read.observer,
        labels: [],
        shapes: [],
        measurements: [],
      };
      byKey.set(key, annotation);
    }
    annotation.labels.push(...read.labels);
    if (read.shape) annotation.shapes.push(read.shape);
    annotation.measurements.push(...read.measurements);
  }
  return {
    studyInstanceUid: str(data.StudyInstanceUID),
    sopInstanceUid: str(data.SOPInstanceUID),
    annotations: [...byKey.values()],
  };
}
