// A binary DICOM Segmentation of the contours of one series' annotations: one segment per
// (tool, label, observer), one frame per segment and referenced frame that it covers, each
// derived from the referenced (de-identified) instance; with the plane geometry where the
// referenced images have one.
import type { ReportAnnotation } from '../sr/annotations.js';
import { CONCEPTS, codeItem, medlabelCode, MEDLABEL_SCHEME } from '../sr/content.js';
import { dicomDateTime, newUid, writePart10, type Naturalized } from '../sr/dataset.js';
import type { SourceInstance } from '../sr/source.js';
import { fillPolygon, packBits } from './raster.js';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
const SOURCE_IMAGE = {
  value: '121322',
  scheme: 'DCM',
  meaning: 'Source image for image processing operation',
};
const SEGMENTATION = { value: '113076', scheme: 'DCM', meaning: 'Segmentation' };
/** Tags of the dimension index pointers, as AT values. */
const REFERENCED_SEGMENT_NUMBER = 0x0062000b;
const SEGMENT_IDENTIFICATION_SEQUENCE = 0x0062000a;
const IMAGE_POSITION_PATIENT = 0x00200032;
const PLANE_POSITION_SEQUENCE = 0x00209113;

export interface SegmentationInput {
  /** annotations of images of one series, all of the same rows and columns */
  annotations: readonly ReportAnnotation[];
  seriesDescription?: string;
  at?: Date;
}

interface Segment {
  number: number;
  tool: string;
  label: string | undefined;
  observer: string;
  /** masks by "<instance uid>|<frame>" */
  masks: Map<string, { instance: SourceInstance; frame: number; mask: Uint8Array }>;
}

/** Plane geometry when every referenced image is one frame with position, orientation and spacing in one frame of reference. */
function geometryOf(instances: readonly SourceInstance[]) {
  const first = instances[0]!;
  const complete = instances.every(
    (i) =>
      i.numberOfFrames === 1 &&
      i.frameOfReferenceUid === first.frameOfReferenceUid &&
      i.frameOfReferenceUid &&
      i.imagePositionPatient?.length === 3 &&
      i.imageOrientationPatient?.length === 6 &&
      i.pixelSpacing,
  );
  return complete ? first : null;
}

/** The Part 10 bytes of the segmentation, or null when the annotations hold no contour. */
export function segmentation(input: SegmentationInput): Uint8Array | null {
  const { annotations } = input;
  const segments = new Map<string, Segment>();
  for (const annotation of annotations) {
    const { instance } = annotation;
    for (const shape of annotation.shapes) {
      if (shape.kind !== 'polygon') continue;
      const key = JSON.stringify([shape.tool, shape.label ?? null, annotation.observer.name]);
      let segment = segments.get(key);
      if (!segment) {
        segment = {
          number: segments.size + 1,
          tool: shape.tool,
          label: shape.label,
          observer: annotation.observer.name,
          masks: new Map(),
        };
        segments.set(key, segment);
      }
      const at = `${instance.sopInstanceUid}|${shape.frame}`;
      const entry = segment.masks.get(at) ?? {
        instance,
        frame: shape.frame,
        mask: new Uint8Array(instance.rows * instance.columns),
      };
      segment.masks.set(at, entry);
      fillPolygon(entry.mask, instance.rows, instance.columns, shape.points);
    }
  }
  if (segments.size === 0) return null;
  const instances = [
    ...new Map(annotations.map((a) => [a.instance.sopInstanceUid, a.instance])).values(),
  ];
  const first = instances[0]!;
  if (instances.some((i) => i.rows !== first.rows || i.columns !== first.columns))
    throw new Error('a segmentation covers images of one size');
  const geometry = geometryOf(instances);
  const positions = geometry
    ? [...new Set(instances.map((i) => JSON.stringify(i.imagePositionPatient)))]
    : [];
  const organization = newUid();
  const frames: Uint8Array[] = [];
  const perFrame: Naturalized[] = [];
  for (const segment of segments.values()) {
    for (const { instance, frame, mask } of segment.masks.values()) {
      frames.push(mask);
      const position = positions.indexOf(JSON.stringify(instance.imagePositionPatient)) + 1;
      perFrame.push({
        DerivationImageSequence: [
          {
            SourceImageSequence: [
              {
                ReferencedSOPClassUID: instance.sopClassUid,
                ReferencedSOPInstanceUID: instance.sopInstanceUid,
                ...(instance.numberOfFrames > 1 ? { ReferencedFrameNumber: frame + 1 } : {}),
                PurposeOfReferenceCodeSequence: [codeItem(SOURCE_IMAGE)],
              },
            ],
            DerivationCodeSequence: [codeItem(SEGMENTATION)],
          },
        ],
        FrameContentSequence: [
          { DimensionIndexValues: geometry ? [segment.number, position] : [segment.number] },
        ],
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: segment.number }],
        ...(geometry
          ? { PlanePositionSequence: [{ ImagePositionPatient: instance.imagePositionPatient }] }
          : {}),
      });
    }
  }
  const dimensions = [
    {
      DimensionOrganizationUID: organization,
      DimensionIndexPointer: REFERENCED_SEGMENT_NUMBER,
      FunctionalGroupPointer: SEGMENT_IDENTIFICATION_SEQUENCE,
      DimensionDescriptionLabel: 'Segment',
    },
    ...(geometry
      ? [
          {
            DimensionOrganizationUID: organization,
            DimensionIndexPointer: IMAGE_POSITION_PATIENT,
            FunctionalGroupPointer: PLANE_POSITION_SEQUENCE,
            DimensionDescriptionLabel: 'Position',
          },
        ]
      : []),
  ];
  const series = new Map<string, SourceInstance[]>();
  for (const i of instances)
    series.set(i.seriesInstanceUid, [...(series.get(i.seriesInstanceUid) ?? []), i]);
  const { date, time } = dicomDateTime(input.at ?? new Date());
  return writePart10({
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: SEGMENTATION_STORAGE,
    SOPInstanceUID: newUid(),
    ...first.study,
    Modality: 'SEG',
    SeriesInstanceUID: newUid(),
    SeriesNumber: 9002,
    SeriesDescription: (input.seriesDescription ?? 'medlabel contours').slice(0, 64),
    // Without a frame of reference, General Image's Patient Orientation (type 2C) stands in.
    ...(geometry
      ? { FrameOfReferenceUID: geometry.frameOfReferenceUid, PositionReferenceIndicator: '' }
      : { PatientOrientation: '' }),
    Manufacturer: 'medlabel',
    ManufacturerModelName: 'medlabel',
    DeviceSerialNumber: '1',
    SoftwareVersions: '1',
    InstanceNumber: 1,
    ContentDate: date,
    ContentTime: time,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    ImageType: ['DERIVED', 'PRIMARY'],
    ContentLabel: 'MEDLABEL',
    ContentDescription: 'contours of medlabel annotations',
    ContentCreatorName: '',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: first.rows,
    Columns: first.columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    SegmentSequence: [...segments.values()].map((s) => ({
      SegmentNumber: s.number,
      SegmentLabel: (s.label ?? s.tool).slice(0, 64),
      SegmentDescription: s.observer.slice(0, 64),
      SegmentAlgorithmType: 'MANUAL',
      SegmentedPropertyCategoryCodeSequence: [codeItem(CONCEPTS.segment)],
      SegmentedPropertyTypeCodeSequence: [codeItem(medlabelCode(s.label ?? s.tool))],
      TrackingID: s.tool,
      TrackingUID: newUid(),
    })),
    CodingSchemeIdentificationSequence: [
      {
        CodingSchemeDesignator: MEDLABEL_SCHEME,
        CodingSchemeName: 'medlabel templates: labels, tools and shape kinds',
        CodingSchemeResponsibleOrganization: 'medlabel',
      },
    ],
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: organization }],
    DimensionIndexSequence: dimensions,
    SharedFunctionalGroupsSequence: [
      geometry
        ? {
            PlaneOrientationSequence: [
              { ImageOrientationPatient: geometry.imageOrientationPatient },
            ],
            PixelMeasuresSequence: [
              {
                PixelSpacing: geometry.pixelSpacing,
                SliceThickness: geometry.sliceThickness ?? 1,
              },
            ],
          }
        : {},
    ],
    PerFrameFunctionalGroupsSequence: perFrame,
    NumberOfFrames: frames.length,
    ReferencedSeriesSequence: [...series].map(([uid, list]) => ({
      SeriesInstanceUID: uid,
      ReferencedInstanceSequence: list.map((i) => ({
        ReferencedSOPClassUID: i.sopClassUid,
        ReferencedSOPInstanceUID: i.sopInstanceUid,
      })),
    })),
    _vrMap: { PixelData: 'OB' },
    PixelData: [packBits(frames).buffer],
  });
}
