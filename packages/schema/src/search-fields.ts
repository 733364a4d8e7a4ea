// The fields of the search query language, in one table: what each means and what it applies to.
// The server translates each field into SQL; the web app lists them in the search help.

export type SearchEntity = 'image' | 'annotation' | 'user' | 'template' | 'collection';
export const SEARCH_ENTITIES: readonly SearchEntity[] = [
  'image',
  'annotation',
  'user',
  'template',
  'collection',
];

/** text: exact or quoted match; number and date accept comparisons (`width:>512`). */
export type SearchValueType = 'text' | 'number' | 'date';

export interface SearchFieldDefinition {
  /** The entity whose attribute this is; results of other kinds are filtered through relations. */
  entity: SearchEntity | 'any';
  type: SearchValueType;
  description: string;
  /** The only values allowed (compared case-insensitively, given in lower case). */
  values?: readonly string[];
}

export const SEARCH_FIELDS = {
  type: {
    entity: 'any',
    type: 'text',
    description: 'Kind of result to return',
    values: SEARCH_ENTITIES,
  },
  modality: { entity: 'image', type: 'text', description: 'DICOM modality, e.g. US, CT, MR' },
  mode: { entity: 'image', type: 'text', description: 'Acquisition mode, e.g. "CW Doppler"' },
  bodypart: { entity: 'image', type: 'text', description: 'Body part examined, e.g. head' },
  study: { entity: 'image', type: 'text', description: 'Study instance UID' },
  series: { entity: 'image', type: 'text', description: 'Series instance UID' },
  width: { entity: 'image', type: 'number', description: 'Image width in pixels' },
  height: { entity: 'image', type: 'number', description: 'Image height in pixels' },
  frames: { entity: 'image', type: 'number', description: 'Number of frames' },
  label: { entity: 'annotation', type: 'text', description: 'An image-level label chosen' },
  annotator: { entity: 'annotation', type: 'text', description: 'E-mail of the annotator' },
  status: {
    entity: 'annotation',
    type: 'text',
    description: 'Annotation status; done is a synonym of submitted',
    values: ['draft', 'submitted', 'done'],
  },
  source: {
    entity: 'annotation',
    type: 'text',
    description:
      'Who made the label: human or model; or how a person did: manual, confirmed or corrected (a model prediction)',
    values: ['human', 'model', 'manual', 'confirmed', 'corrected'],
  },
  template: { entity: 'template', type: 'text', description: 'Template name' },
  collection: { entity: 'collection', type: 'text', description: 'Collection name' },
  email: { entity: 'user', type: 'text', description: 'User e-mail' },
  role: {
    entity: 'user',
    type: 'text',
    description: 'User role',
    values: ['admin', 'researcher', 'reviewer', 'annotator'],
  },
  specialty: { entity: 'user', type: 'text', description: 'A specialty in the user expertise' },
  created: {
    entity: 'any',
    type: 'date',
    description: 'Creation date (YYYY-MM-DD or an ISO 8601 time)',
  },
} as const satisfies Record<string, SearchFieldDefinition>;

export type SearchFieldName = keyof typeof SEARCH_FIELDS;

/**
 * The one dynamic field: `meta.<key>:<value>` matches an imported metadata entry of an image
 * (and of annotations, through their image). Keys are case-insensitive; the value is compared as
 * text for equality, and as a number by `>`, `>=`, `<`, `<=`.
 */
export const META_FIELD = {
  prefix: 'meta.',
  entity: 'image',
  type: 'text',
  description: 'Imported metadata entry, e.g. meta.manufacturer:GE or meta.age:>=40',
} as const;
/** The key after `meta.`: letters, digits, `_`, `-` and `.`. */
export const META_KEY = /^[A-Za-z0-9_.-]+$/;

export function isSearchFieldName(name: string): name is SearchFieldName {
  return Object.hasOwn(SEARCH_FIELDS, name);
}
