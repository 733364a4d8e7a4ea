import {
  validateAnnotationPayload,
  type AnnotationPayload,
  type TemplateDefinition,
} from '@medlabel/schema';

/** What a review confirmation saves for one image. */
export interface ReviewSave {
  payload: AnnotationPayload;
  status: 'draft' | 'submitted';
  /** Why the save is a draft: what the template still requires besides the label. */
  missing: string[];
}

/**
 * A confirmation confirms the image-level label only: the reviewer's own shapes and values
 * (`own`, if any) are kept. It is submitted when that makes a complete annotation; otherwise
 * (e.g. the template requires a drawing) it is kept as a draft, and `missing` says why.
 */
export function reviewSave(
  definition: TemplateDefinition,
  image: { width: number; height: number; frames: number },
  label: string,
  own: AnnotationPayload | undefined,
): ReviewSave {
  const payload = { shapes: [], values: {}, ...own, labels: [label] };
  const checked = validateAnnotationPayload(definition, payload, { ...image, mode: 'submitted' });
  return checked.ok
    ? { payload, status: 'submitted', missing: [] }
    : { payload, status: 'draft', missing: checked.problems.map((p) => p.message) };
}
