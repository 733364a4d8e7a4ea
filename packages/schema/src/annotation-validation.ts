// Checks an annotation payload against the template it was made with and the image it is on.
import type { AnnotationMode, AnnotationPayload } from './annotation.js';
import { AnnotationPayloadSchema } from './annotation.js';
import { ANNOTATION_LIMITS } from './limits.js';
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
 * Payloads over the size limits, found by counting alone: the structural pass walks every
 * point of every shape (0.5 s for a 100,000-vertex polygon), so these are refused first.
 */
function sizeProblems(payload: unknown): Problem[] {
  const shapes = (payload as { shapes?: unknown } | null)?.shapes;
  if (!Array.isArray(shapes)) return [];
  if (shapes.length > ANNOTATION_LIMITS.shapes) {
    return [
      {
        path: '/shapes',
        message: `Expected array length to be less or equal to ${ANNOTATION_LIMITS.shapes}`,
      },
    ];
  }
  const problems: Problem[] = [];
  let total = 0;
  shapes.forEach((shape: unknown, i) => {
    const points = (shape as { points?: unknown } | null)?.points;
    if (!Array.isArray(points)) return;
    total += points.length;
    if (points.length > ANNOTATION_LIMITS.verticesPerShape) {
      problems.push({
        path: pointer('shapes', i, 'points'),
        message: `Expected array length to be less or equal to ${ANNOTATION_LIMITS.verticesPerShape}`,
      });
    }
  });
  if (problems.length === 0 && total > ANNOTATION_LIMITS.vertices) {
    problems.push({
      path: '/shapes',
      message: `${total} vertices in all; an annotation holds at most ${ANNOTATION_LIMITS.vertices}`,
    });
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
  const tooBig = sizeProblems(payload);
  if (tooBig.length > 0) return result(payload, tooBig);
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
