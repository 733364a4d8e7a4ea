// A TID 1500 Imaging Measurement Report (Comprehensive SR) of one study's annotations: image
// labels as qualitative evaluations, contours as planar ROIs (TID 1410: a closed SCOORD POLYLINE
// with area and perimeter in mm), rulers and polylines as lengths, keypoints as SCOORD POINTs,
// each in a measurement group that names its observer and references the de-identified instance.
import type { ReportAnnotation, ReportShape } from './annotations.js';
import {
  CONCEPTS,
  codeItem,
  codeValue,
  container,
  image,
  MEDLABEL_SCHEME,
  medlabelCode,
  num,
  personName,
  scoord,
  text,
  uidRef,
  type ImageReference,
} from './content.js';
import { dicomDateTime, newUid, writePart10, type Naturalized } from './dataset.js';
import type { SourceInstance } from './source.js';

export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
/** Tracking Identifier of the group that holds an annotation's image labels. */
export const IMAGE_LABELS_TRACKING_ID = 'image-labels';
/** Our device observer: the platform that wrote the report. */
export const MEDLABEL_DEVICE = 'medlabel';

export interface MeasurementReportInput {
  /** the annotations of images of one study */
  annotations: readonly ReportAnnotation[];
  /** what the image labels are called (the template's classification title) */
  labelConcept?: string;
  seriesDescription?: string;
  /** the report's series and instance; new UIDs by default */
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  deviceUid?: string;
  at?: Date;
}

const reference = (instance: SourceInstance, frame?: number): ImageReference => ({
  sopClassUid: instance.sopClassUid,
  sopInstanceUid: instance.sopInstanceUid,
  ...(frame !== undefined && instance.numberOfFrames > 1 ? { frameNumber: frame + 1 } : {}),
});

function observerContext(annotation: ReportAnnotation, deviceUid: string): Naturalized[] {
  const { observer } = annotation;
  if (observer.kind === 'person') {
    return [
      codeValue('HAS OBS CONTEXT', CONCEPTS.observerType, CONCEPTS.person),
      personName('HAS OBS CONTEXT', CONCEPTS.personName, observer.name),
    ];
  }
  return [
    codeValue('HAS OBS CONTEXT', CONCEPTS.observerType, CONCEPTS.device),
    uidRef('HAS OBS CONTEXT', CONCEPTS.deviceUid, deviceUid),
    text('HAS OBS CONTEXT', CONCEPTS.deviceName, observer.name),
  ];
}

/** A closed polyline repeats its first point last (PS3.3 C.18.6.1.2). */
const closed = (shape: ReportShape) =>
  shape.kind === 'polygon' ? [...shape.points, shape.points[0]!] : shape.points;

function shapeGroup(annotation: ReportAnnotation, shape: ReportShape, deviceUid: string) {
  const label = shape.kind === 'keypoint' ? shape.name : shape.label;
  const measured = (quantity: 'length' | 'area' | 'perimeter') =>
    annotation.measurements.find((m) => m.shapeId === shape.id && m.quantity === quantity);
  const numbers: Naturalized[] = [];
  for (const quantity of ['area', 'perimeter', 'length'] as const) {
    const m = measured(quantity);
    if (m) numbers.push(num(CONCEPTS[quantity], m.mm, quantity === 'area' ? 'mm2' : 'mm'));
  }
  return container(
    'CONTAINS',
    CONCEPTS.measurementGroup,
    [
      ...observerContext(annotation, deviceUid),
      text('HAS OBS CONTEXT', CONCEPTS.trackingId, `${shape.tool}/${shape.id}`),
      uidRef('HAS OBS CONTEXT', CONCEPTS.trackingUid, newUid()),
      codeValue(
        'HAS CONCEPT MOD',
        CONCEPTS.method,
        medlabelCode(shape.kind, `medlabel ${shape.kind}`),
      ),
      ...(label ? [codeValue('CONTAINS', CONCEPTS.finding, medlabelCode(label))] : []),
      scoord(
        CONCEPTS.imageRegion,
        shape.kind === 'keypoint' ? 'POINT' : 'POLYLINE',
        closed(shape),
        reference(annotation.instance, shape.frame),
      ),
      ...numbers,
    ],
    shape.kind === 'polygon' ? '1410' : '1501',
  );
}

function labelsGroup(annotation: ReportAnnotation, labelConcept: string, deviceUid: string) {
  const concept = { ...CONCEPTS.imageLabel, meaning: labelConcept };
  return container(
    'CONTAINS',
    CONCEPTS.measurementGroup,
    [
      ...observerContext(annotation, deviceUid),
      text('HAS OBS CONTEXT', CONCEPTS.trackingId, IMAGE_LABELS_TRACKING_ID),
      uidRef('HAS OBS CONTEXT', CONCEPTS.trackingUid, newUid()),
      image('CONTAINS', CONCEPTS.source, reference(annotation.instance)),
      ...annotation.labels.map((l) => codeValue('CONTAINS', concept, medlabelCode(l))),
    ],
    '1501',
  );
}

/** Current Requested Procedure Evidence: every referenced instance, by series. */
function evidence(instances: readonly SourceInstance[]) {
  const series = new Map<string, SourceInstance[]>();
  for (const i of instances)
    series.set(i.seriesInstanceUid, [...(series.get(i.seriesInstanceUid) ?? []), i]);
  return [
    {
      StudyInstanceUID: instances[0]!.studyInstanceUid,
      ReferencedSeriesSequence: [...series].map(([uid, list]) => ({
        SeriesInstanceUID: uid,
        ReferencedSOPSequence: list.map((i) => ({
          ReferencedSOPClassUID: i.sopClassUid,
          ReferencedSOPInstanceUID: i.sopInstanceUid,
        })),
      })),
    },
  ];
}

/**
 * The Part 10 bytes of a Comprehensive SR holding a TID 1500 report of the annotations, which
 * must all reference instances of one study. Patient and study attributes are copied from the
 * first referenced instance.
 */
export function measurementReport(input: MeasurementReportInput): Uint8Array {
  const { annotations } = input;
  if (annotations.length === 0) throw new Error('a measurement report needs an annotation');
  const first = annotations[0]!.instance;
  if (annotations.some((a) => a.instance.studyInstanceUid !== first.studyInstanceUid))
    throw new Error('a measurement report covers one study');
  const instances = [
    ...new Map(annotations.map((a) => [a.instance.sopInstanceUid, a.instance])).values(),
  ];
  const deviceUid = input.deviceUid ?? newUid();
  const { date, time } = dicomDateTime(input.at ?? new Date());
  const groups = annotations.flatMap((a) => [
    ...(a.labels.length > 0
      ? [labelsGroup(a, input.labelConcept ?? 'Image label', deviceUid)]
      : []),
    ...a.shapes.map((s) => shapeGroup(a, s, deviceUid)),
  ]);
  const sopInstanceUid = input.sopInstanceUid ?? newUid();
  return writePart10({
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: COMPREHENSIVE_SR,
    SOPInstanceUID: sopInstanceUid,
    ...first.study,
    Modality: 'SR',
    SeriesInstanceUID: input.seriesInstanceUid ?? newUid(),
    SeriesNumber: 9001,
    SeriesDescription: input.seriesDescription ?? 'medlabel measurements',
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: 'medlabel',
    InstanceNumber: 1,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ContentDate: date,
    ContentTime: time,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: evidence(instances),
    CodingSchemeIdentificationSequence: [
      {
        CodingSchemeDesignator: MEDLABEL_SCHEME,
        CodingSchemeName: 'medlabel templates: labels, tools and shape kinds',
        CodingSchemeResponsibleOrganization: 'medlabel',
      },
    ],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(CONCEPTS.report)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: [
      codeValue('HAS CONCEPT MOD', CONCEPTS.language, CONCEPTS.english),
      codeValue('HAS OBS CONTEXT', CONCEPTS.observerType, CONCEPTS.device),
      uidRef('HAS OBS CONTEXT', CONCEPTS.deviceUid, deviceUid),
      text('HAS OBS CONTEXT', CONCEPTS.deviceName, MEDLABEL_DEVICE),
      codeValue('HAS CONCEPT MOD', CONCEPTS.procedureReported, CONCEPTS.imagingProcedure),
      container('CONTAINS', CONCEPTS.imageLibrary, [
        container(
          'CONTAINS',
          CONCEPTS.imageLibraryGroup,
          instances.map((i) => image('CONTAINS', null, reference(i))),
        ),
      ]),
      container('CONTAINS', CONCEPTS.imagingMeasurements, groups),
    ],
  });
}
