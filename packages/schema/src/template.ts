// The task template definition: a versioned JSON document that declares what annotators do with
// each image. The TypeBox schemas double as the JSON Schemas of the server's OpenAPI document.
import { Type, type Static } from '@sinclair/typebox';
import { ANNOTATION_LIMITS } from './limits.js';

/** Version of the definition format itself (not of a template: the server numbers those). */
export const TEMPLATE_FORMAT_VERSION = 1;

export const IdentifierSchema = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$',
  description: 'Stable machine name: a letter, then letters, digits, _ . - (64 at most)',
});

/** A single lower-case letter or digit; modifiers and other keys belong to the editor. */
export const HotkeySchema = Type.String({
  pattern: '^[0-9a-z]$',
  description: 'One key: 0-9 or a-z',
});

export const ColorSchema = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: '#rrggbb' });

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.Optional(Type.String({ maxLength: 2000 }));

export const LabelSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    color: Type.Optional(ColorSchema),
    hotkey: Type.Optional(HotkeySchema),
    description: Description,
  },
  { additionalProperties: false },
);
export type Label = Static<typeof LabelSchema>;

export const ChoiceSchema = Type.Union([Type.Literal('single'), Type.Literal('multi')]);
export type Choice = Static<typeof ChoiceSchema>;

/** Image-level labels: the annotator picks one (single) or several (multi) of them. */
export const ClassificationSchema = Type.Object(
  {
    title: Type.Optional(Title),
    choice: ChoiceSchema,
    required: Type.Boolean({ description: 'A submitted annotation must carry at least one label' }),
    labels: Type.Array(LabelSchema, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type Classification = Static<typeof ClassificationSchema>;

const toolBase = {
  id: IdentifierSchema,
  title: Title,
  description: Description,
  hotkey: Type.Optional(HotkeySchema),
  required: Type.Optional(
    Type.Boolean({
      description:
        'A submitted annotation must have at least one shape of this tool (keypoint: every keypoint)',
    }),
  ),
  maxCount: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: ANNOTATION_LIMITS.shapes,
      description: 'Most shapes of this tool per frame',
    }),
  ),
};

/** Fewer vertices than the platform allows, for contours that need no more detail. */
const maxVertices = (minimum: number) =>
  Type.Optional(
    Type.Integer({
      minimum,
      maximum: ANNOTATION_LIMITS.verticesPerShape,
      description: `Most vertices of one shape (at most and by default ${ANNOTATION_LIMITS.verticesPerShape})`,
    }),
  );

/** Labels a shape drawn with the tool may carry (e.g. "LV endocardium"); omit for unlabelled. */
const shapeLabels = Type.Optional(Type.Array(LabelSchema, { minItems: 1, maxItems: 100 }));

export const PolygonToolSchema = Type.Object(
  { kind: Type.Literal('polygon'), ...toolBase, labels: shapeLabels, maxVertices: maxVertices(3) },
  { additionalProperties: false, description: 'Closed contour; area and perimeter are measured' },
);
export const PolylineToolSchema = Type.Object(
  { kind: Type.Literal('polyline'), ...toolBase, labels: shapeLabels, maxVertices: maxVertices(2) },
  { additionalProperties: false, description: 'Open line; its length is measured' },
);

export const KeypointDefinitionSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    color: Type.Optional(ColorSchema),
    description: Description,
  },
  { additionalProperties: false },
);
export type KeypointDefinition = Static<typeof KeypointDefinitionSchema>;

export const KeypointToolSchema = Type.Object(
  {
    kind: Type.Literal('keypoint'),
    ...toolBase,
    keypoints: Type.Array(KeypointDefinitionSchema, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false, description: 'Named points; each name at most once per frame' },
);

export const LengthUnitSchema = Type.Union([
  Type.Literal('mm'),
  Type.Literal('cm'),
  Type.Literal('px'),
]);
export type LengthUnit = Static<typeof LengthUnitSchema>;

export const RulerToolSchema = Type.Object(
  {
    kind: Type.Literal('ruler'),
    ...toolBase,
    unit: LengthUnitSchema,
    labels: shapeLabels,
  },
  {
    additionalProperties: false,
    description: 'Two-point length; shown in the unit when the image has a pixel spacing, else px',
  },
);

export const ToolSchema = Type.Union([
  PolygonToolSchema,
  PolylineToolSchema,
  KeypointToolSchema,
  RulerToolSchema,
]);
export type PolygonTool = Static<typeof PolygonToolSchema>;
export type PolylineTool = Static<typeof PolylineToolSchema>;
export type KeypointTool = Static<typeof KeypointToolSchema>;
export type RulerTool = Static<typeof RulerToolSchema>;
export type Tool = Static<typeof ToolSchema>;
export type ToolKind = Tool['kind'];
export const TOOL_KINDS: readonly ToolKind[] = ['polygon', 'polyline', 'keypoint', 'ruler'];

const fieldBase = {
  id: IdentifierSchema,
  title: Title,
  description: Description,
  required: Type.Optional(Type.Boolean({ description: 'A submitted annotation must fill it' })),
};

export const NumberFieldSchema = Type.Object(
  {
    kind: Type.Literal('number'),
    ...fieldBase,
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    integer: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const CheckboxFieldSchema = Type.Object(
  { kind: Type.Literal('checkbox'), ...fieldBase },
  {
    additionalProperties: false,
    description: 'Required means it must be answered (true or false)',
  },
);
export const TextFieldSchema = Type.Object(
  {
    kind: Type.Literal('text'),
    ...fieldBase,
    multiline: Type.Optional(Type.Boolean()),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  },
  { additionalProperties: false },
);
export const SelectFieldSchema = Type.Object(
  {
    kind: Type.Literal('select'),
    ...fieldBase,
    options: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
      minItems: 1,
      maxItems: 500,
    }),
    multiple: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const FormFieldSchema = Type.Union([
  NumberFieldSchema,
  CheckboxFieldSchema,
  TextFieldSchema,
  SelectFieldSchema,
]);
export type NumberField = Static<typeof NumberFieldSchema>;
export type CheckboxField = Static<typeof CheckboxFieldSchema>;
export type TextField = Static<typeof TextFieldSchema>;
export type SelectField = Static<typeof SelectFieldSchema>;
export type FormField = Static<typeof FormFieldSchema>;
export type FormFieldKind = FormField['kind'];
export const FORM_FIELD_KINDS: readonly FormFieldKind[] = ['number', 'checkbox', 'text', 'select'];

/** Ordered from least to most experienced; "at least X" compares positions in this list. */
export const EXPERTISE_LEVELS = ['novice', 'intermediate', 'advanced', 'expert'] as const;
export const ExpertiseLevelSchema = Type.Union(EXPERTISE_LEVELS.map((l) => Type.Literal(l)));
export type ExpertiseLevel = (typeof EXPERTISE_LEVELS)[number];

const Specialty = Type.String({ minLength: 1, maxLength: 100, description: 'e.g. cardiology' });
const Modality = Type.String({
  minLength: 1,
  maxLength: 16,
  description: 'DICOM modality, e.g. US',
});

/** One entry of a user's recorded expertise. */
export const ExpertiseSchema = Type.Object(
  { specialty: Specialty, modality: Modality, level: ExpertiseLevelSchema },
  { additionalProperties: false },
);
export type Expertise = Static<typeof ExpertiseSchema>;

export const RequiredExpertiseSchema = Type.Object(
  { specialty: Specialty, modality: Modality, minimumLevel: ExpertiseLevelSchema },
  { additionalProperties: false },
);
export type RequiredExpertise = Static<typeof RequiredExpertiseSchema>;

export const TemplateDefinitionSchema = Type.Object(
  {
    formatVersion: Type.Literal(TEMPLATE_FORMAT_VERSION),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Description,
    classification: Type.Optional(ClassificationSchema),
    tools: Type.Array(ToolSchema, { maxItems: 50 }),
    fields: Type.Array(FormFieldSchema, { maxItems: 200 }),
    requiredExpertise: Type.Optional(RequiredExpertiseSchema),
    seriesAsOneItem: Type.Optional(
      Type.Boolean({
        description:
          "A collection's grid shows each DICOM series as one item, its first slice, which opens the stack; annotations stay per slice",
      }),
    ),
  },
  { additionalProperties: false, title: 'TemplateDefinition' },
);
export type TemplateDefinition = Static<typeof TemplateDefinitionSchema>;
