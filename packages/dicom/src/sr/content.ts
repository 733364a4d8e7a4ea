// SR content items (PS3.3 C.17.3) in naturalized form, and the coded concepts our reports use.
import { str, type Naturalized } from './dataset.js';

export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

/** Our private coding scheme (PS3.16 8.2: designators starting "99" are private). */
export const MEDLABEL_SCHEME = '99MEDLABEL';

export const CONCEPTS = {
  report: { value: '126000', scheme: 'DCM', meaning: 'Imaging Measurement Report' },
  language: { value: '121049', scheme: 'DCM', meaning: 'Language of Content Item and Descendants' },
  english: { value: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' },
  observerType: { value: '121005', scheme: 'DCM', meaning: 'Observer Type' },
  person: { value: '121006', scheme: 'DCM', meaning: 'Person' },
  device: { value: '121007', scheme: 'DCM', meaning: 'Device' },
  personName: { value: '121008', scheme: 'DCM', meaning: 'Person Observer Name' },
  deviceUid: { value: '121012', scheme: 'DCM', meaning: 'Device Observer UID' },
  deviceName: { value: '121013', scheme: 'DCM', meaning: 'Device Observer Name' },
  procedureReported: { value: '121058', scheme: 'DCM', meaning: 'Procedure reported' },
  imagingProcedure: { value: '363679005', scheme: 'SCT', meaning: 'Imaging procedure' },
  imageLibrary: { value: '111028', scheme: 'DCM', meaning: 'Image Library' },
  imageLibraryGroup: { value: '126200', scheme: 'DCM', meaning: 'Image Library Group' },
  imagingMeasurements: { value: '126010', scheme: 'DCM', meaning: 'Imaging Measurements' },
  measurementGroup: { value: '125007', scheme: 'DCM', meaning: 'Measurement Group' },
  trackingId: { value: '112039', scheme: 'DCM', meaning: 'Tracking Identifier' },
  trackingUid: { value: '112040', scheme: 'DCM', meaning: 'Tracking Unique Identifier' },
  method: { value: '370129005', scheme: 'SCT', meaning: 'Measurement Method' },
  finding: { value: '121071', scheme: 'DCM', meaning: 'Finding' },
  imageRegion: { value: '111030', scheme: 'DCM', meaning: 'Image Region' },
  source: { value: '260753009', scheme: 'SCT', meaning: 'Source' },
  length: { value: '410668003', scheme: 'SCT', meaning: 'Length' },
  area: { value: '42798000', scheme: 'SCT', meaning: 'Area' },
  perimeter: { value: '131191004', scheme: 'SCT', meaning: 'Perimeter' },
  imageLabel: { value: 'image-label', scheme: MEDLABEL_SCHEME, meaning: 'Image label' },
  segment: { value: '85756007', scheme: 'SCT', meaning: 'Tissue' },
} as const satisfies Record<string, Code>;

/** A code of our scheme; its value is the exact text (Long Code Value past 16 characters). */
export const medlabelCode = (value: string, meaning = value): Code => ({
  value,
  scheme: MEDLABEL_SCHEME,
  meaning,
});

/** A Code Sequence item: Code Value (SH, 16 at most) or Long Code Value; meaning cut to 64. */
export function codeItem(code: Code): Naturalized {
  return {
    ...(code.value.length > 16 ? { LongCodeValue: code.value } : { CodeValue: code.value }),
    CodingSchemeDesignator: code.scheme,
    CodeMeaning: code.meaning.slice(0, 64),
  };
}

/** The code of a Code Sequence item. */
export function codeOf(item: Naturalized | undefined): Code | null {
  if (!item) return null;
  return {
    value: str(item.CodeValue) || str(item.LongCodeValue),
    scheme: str(item.CodingSchemeDesignator),
    meaning: str(item.CodeMeaning),
  };
}

export const sameCode = (a: Code | null, b: Code) =>
  a !== null && a.value === b.value && a.scheme === b.scheme;

type Relationship = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'SELECTED FROM';

const item = (
  relationship: Relationship,
  valueType: string,
  name: Code | null,
  rest: Naturalized,
) => ({
  RelationshipType: relationship,
  ValueType: valueType,
  ...(name ? { ConceptNameCodeSequence: [codeItem(name)] } : {}),
  ...rest,
});

export const container = (
  relationship: Relationship,
  name: Code,
  children: Naturalized[],
  template?: string,
) =>
  item(relationship, 'CONTAINER', name, {
    ContinuityOfContent: 'SEPARATE',
    ...(template
      ? { ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: template }] }
      : {}),
    ContentSequence: children,
  });

export const codeValue = (relationship: Relationship, name: Code, value: Code) =>
  item(relationship, 'CODE', name, { ConceptCodeSequence: [codeItem(value)] });

export const text = (relationship: Relationship, name: Code, value: string) =>
  item(relationship, 'TEXT', name, { TextValue: value });

export const uidRef = (relationship: Relationship, name: Code, uid: string) =>
  item(relationship, 'UIDREF', name, { UID: uid });

export const personName = (relationship: Relationship, name: Code, person: string) =>
  item(relationship, 'PNAME', name, { PersonName: [{ Alphabetic: person }] });

/** A Decimal String of at most 16 characters. */
export function decimalString(value: number): string {
  for (let digits = 12; digits > 0; digits--) {
    const s = String(Number(value.toPrecision(digits)));
    if (s.length <= 16) return s;
  }
  return '0';
}

/** NUM with a UCUM unit (mm, mm2). */
export const num = (name: Code, value: number, unit: 'mm' | 'mm2') =>
  item('CONTAINS', 'NUM', name, {
    MeasuredValueSequence: [
      {
        MeasurementUnitsCodeSequence: [codeItem({ value: unit, scheme: 'UCUM', meaning: unit })],
        NumericValue: decimalString(value),
        FloatingPointValue: value,
      },
    ],
  });

/** What an IMAGE item or SELECTED FROM points at: an instance and, for multi-frame, a frame (1-based). */
export interface ImageReference {
  sopClassUid: string;
  sopInstanceUid: string;
  frameNumber?: number;
}

export const image = (relationship: Relationship, name: Code | null, ref: ImageReference) =>
  item(relationship, 'IMAGE', name, {
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: ref.sopClassUid,
        ReferencedSOPInstanceUID: ref.sopInstanceUid,
        ...(ref.frameNumber !== undefined ? { ReferencedFrameNumber: ref.frameNumber } : {}),
      },
    ],
  });

/** SCOORD in image pixels (column, row; (0, 0) the top-left corner of the top-left pixel). */
export const scoord = (
  name: Code,
  graphicType: 'POINT' | 'POLYLINE',
  points: readonly { x: number; y: number }[],
  ref: ImageReference,
) =>
  item('CONTAINS', 'SCOORD', name, {
    GraphicType: graphicType,
    GraphicData: points.flatMap((p) => [p.x, p.y]),
    ContentSequence: [image('SELECTED FROM', null, ref)],
  });
