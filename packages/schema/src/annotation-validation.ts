// Checks an annotation payload against the template it was made with and the image it is on.
import type { AnnotationMode, AnnotationPayload } from './annotation.js';
import { AnnotationPayloadSchema } from './annotation.js';
import type { Problem, ValidationResult } from './problems.js';
import { pointer, result } from './problems.js';
import { shapeProblems } from './shape-validation.js';
import { schemaProblems } from './structural.js';
import type { TemplateDefinition } from './template.js';
import { valueProblems } from './value-validation.js';

export interface AnnotationContext {
  /** Image size in pixels: every point must lie within [0, width] x [0, height]. */
  width: number;
  height: number;
  /** Drafts may be incomplete; submitted (the default) must fill every required part. */
  mode?: AnnotationMode;
  /** Number of frames of a multi-frame image; shapes must name a frame below it. Default 1. */
  frames?: number;
}

function labelProblems(def: TemplateDefinition, labels: string[], mode: AnnotationMode): Problem[] {
  const classification = def.classification;
  const problems: Problem[] = [];
  const known = new Map(classification?.labels.map((l) => [l.name, l]) ?? []);
  const seen = new Set<string>();
  labels.forEach((name, i) => {
    if (!known.has(name)) {
      const near = classification?.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
      problems.push({
        path: pointer('labels', i),
        message: classification
          ? `unknown label ${JSON.stringify(name)}` +
            (near ? `; did you mean ${JSON.stringify(near.name)}?` : '')
          : 'the template has no image-level labels',
      });
    } else if (seen.has(name)) {
      problems.push({
        path: pointer('labels', i),
        message: `label ${JSON.stringify(name)} chosen twice`,
      });
    }
    seen.add(name);
  });
  if (classification?.choice === 'single' && labels.length > 1) {
    problems.push({
      path: '/labels',
      message: `single choice: ${labels.length} labels chosen, at most 1 allowed`,
    });
  }
  if (mode === 'submitted' && classification?.required && labels.length === 0) {
    problems.push({ path: '/labels', message: 'a label is required' });
  }
  return problems;
}

/**
 * Checks `payload` (any JSON) against a valid template and the image it annotates; never throws.
 * Structural problems are reported alone; otherwise every rule is checked.
 */
export function validateAnnotationPayload(
  template: TemplateDefinition,
  payload: unknown,
  context: AnnotationContext,
): ValidationResult<AnnotationPayload> {
  const structural = schemaProblems(AnnotationPayloadSchema, payload);
  if (structural.length > 0) return result(payload, structural);
  const p = payload as AnnotationPayload;
  const mode = context.mode ?? 'submitted';
  return result(p, [
    ...labelProblems(template, p.labels, mode),
    ...shapeProblems(template, p.shapes, { ...context, frames: context.frames ?? 1 }, mode),
    ...valueProblems(template, p.values, mode),
  ]);
}
