// Checks an annotation payload against the template it was made with and the image it is on.
import { findSelfIntersection, isInsideImage } from '@medlabel/geometry';
import type { AnnotationMode, AnnotationPayload, FieldValue, Shape } from './annotation.js';
import { AnnotationPayloadSchema } from './annotation.js';
import type { Problem, ValidationResult } from './problems.js';
import { pointer, result } from './problems.js';
import { schemaProblems } from './structural.js';
import type { FormField, TemplateDefinition, Tool } from './template.js';

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

function pointProblems(shape: Shape, index: number, ctx: AnnotationContext): Problem[] {
  const problems: Problem[] = [];
  shape.points.forEach((p, j) => {
    if (!isInsideImage(p, ctx.width, ctx.height)) {
      problems.push({
        path: pointer('shapes', index, 'points', j),
        message: `point (${p.x}, ${p.y}) lies outside the ${ctx.width}x${ctx.height} image`,
      });
    }
  });
  const frames = ctx.frames ?? 1;
  if ((shape.frame ?? 0) >= frames) {
    problems.push({
      path: pointer('shapes', index, 'frame'),
      message: `frame ${shape.frame} does not exist; the image has ${frames}`,
    });
  }
  return problems;
}

function geometryProblems(shape: Shape, index: number): Problem[] {
  const at = pointer('shapes', index, 'points');
  const pts = shape.points;
  switch (shape.kind) {
    case 'polygon': {
      for (let j = 0; j < pts.length; j++) {
        const next = pts[(j + 1) % pts.length]!;
        if (pts[j]!.x === next.x && pts[j]!.y === next.y) {
          return [
            {
              path: `${at}/${(j + 1) % pts.length}`,
              message: 'repeats the previous vertex (polygons close themselves)',
            },
          ];
        }
      }
      const crossing = findSelfIntersection(pts);
      return crossing
        ? [
            {
              path: at,
              message: `polygon intersects itself (edges ${crossing[0]} and ${crossing[1]})`,
            },
          ]
        : [];
    }
    case 'ruler': {
      const [a, b] = pts;
      return a && b && a.x === b.x && a.y === b.y
        ? [{ path: at, message: 'ruler has zero length' }]
        : [];
    }
    case 'polyline':
    case 'keypoint':
      return [];
  }
}

function toolFitProblems(shape: Shape, index: number, tool: Tool): Problem[] {
  if (tool.kind !== shape.kind) {
    return [
      {
        path: pointer('shapes', index, 'kind'),
        message: `tool ${tool.id} draws ${tool.kind}, not ${shape.kind}`,
      },
    ];
  }
  if (shape.kind === 'keypoint') {
    const names = tool.kind === 'keypoint' ? tool.keypoints.map((k) => k.name) : [];
    return names.includes(shape.name)
      ? []
      : [
          {
            path: pointer('shapes', index, 'name'),
            message: `unknown keypoint ${JSON.stringify(shape.name)} of tool ${tool.id}`,
          },
        ];
  }
  const labels = tool.kind === 'keypoint' ? undefined : tool.labels;
  if (shape.label === undefined || labels?.some((l) => l.name === shape.label)) return [];
  return [
    {
      path: pointer('shapes', index, 'label'),
      message: labels
        ? `unknown label ${JSON.stringify(shape.label)} for tool ${tool.id}`
        : `tool ${tool.id} has no shape labels`,
    },
  ];
}

/** Per-tool rules across shapes: keypoint names once per frame, maxCount per frame, required. */
function toolCountProblems(
  def: TemplateDefinition,
  shapes: Shape[],
  mode: AnnotationMode,
): Problem[] {
  const problems: Problem[] = [];
  const counts = new Map<string, number>();
  const placedKeypoints = new Set<string>();
  shapes.forEach((shape, i) => {
    const toolFrame = `${shape.tool}\u0000${shape.frame ?? 0}`;
    const count = (counts.get(toolFrame) ?? 0) + 1;
    counts.set(toolFrame, count);
    const tool = def.tools.find((t) => t.id === shape.tool);
    if (tool?.maxCount !== undefined && count === tool.maxCount + 1) {
      problems.push({
        path: pointer('shapes', i),
        message: `tool ${tool.id} allows at most ${tool.maxCount} shapes per frame`,
      });
    }
    if (shape.kind === 'keypoint') {
      const keypoint = `${toolFrame}\u0000${shape.name}`;
      if (placedKeypoints.has(keypoint)) {
        problems.push({
          path: pointer('shapes', i, 'name'),
          message: `keypoint ${JSON.stringify(shape.name)} placed twice`,
        });
      }
      placedKeypoints.add(keypoint);
    }
  });
  if (mode === 'submitted') {
    def.tools.forEach((tool) => {
      if (!tool.required) return;
      const drawn = shapes.filter((s) => s.tool === tool.id);
      const missing =
        tool.kind === 'keypoint'
          ? tool.keypoints
              .filter((k) => !drawn.some((s) => s.kind === 'keypoint' && s.name === k.name))
              .map((k) => k.name)
          : [];
      if (drawn.length === 0 || missing.length > 0) {
        problems.push({
          path: '/shapes',
          message:
            missing.length > 0 && drawn.length > 0
              ? `tool ${tool.id}: keypoints missing: ${missing.join(', ')}`
              : `tool ${tool.id} is required: draw at least one shape`,
        });
      }
    });
  }
  return problems;
}

function shapeProblems(
  def: TemplateDefinition,
  shapes: Shape[],
  ctx: AnnotationContext,
  mode: AnnotationMode,
): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  shapes.forEach((shape, i) => {
    if (ids.has(shape.id))
      problems.push({
        path: pointer('shapes', i, 'id'),
        message: `duplicate shape id ${JSON.stringify(shape.id)}`,
      });
    ids.add(shape.id);
    const tool = def.tools.find((t) => t.id === shape.tool);
    if (!tool) {
      problems.push({
        path: pointer('shapes', i, 'tool'),
        message: `unknown tool ${JSON.stringify(shape.tool)}`,
      });
    } else {
      problems.push(...toolFitProblems(shape, i, tool));
    }
    problems.push(...pointProblems(shape, i, ctx), ...geometryProblems(shape, i));
  });
  return [...problems, ...toolCountProblems(def, shapes, mode)];
}

function isEmpty(value: FieldValue | undefined): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Problems of one non-empty value for its field; a message, or null when it fits. */
function valueProblem(field: FormField, value: FieldValue): string | null {
  switch (field.kind) {
    case 'number':
      if (typeof value !== 'number') return 'expected a number';
      if (field.integer && !Number.isInteger(value)) return 'expected an integer';
      if (field.min !== undefined && value < field.min)
        return `${value} is below the minimum ${field.min}`;
      if (field.max !== undefined && value > field.max)
        return `${value} is above the maximum ${field.max}`;
      return null;
    case 'checkbox':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'text':
      if (typeof value !== 'string') return 'expected text';
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return `longer than ${field.maxLength} characters`;
      if (!field.multiline && /[\r\n]/.test(value)) return 'expected a single line';
      return null;
    case 'select': {
      const chosen = field.multiple ? value : [value];
      if (!Array.isArray(chosen) || !chosen.every((v) => typeof v === 'string')) {
        return field.multiple ? 'expected a list of options' : 'expected one option';
      }
      const unknown = chosen.find((v) => !field.options.includes(v));
      if (unknown !== undefined) return `unknown option ${JSON.stringify(unknown)}`;
      if (new Set(chosen).size !== chosen.length) return 'an option is chosen twice';
      return null;
    }
  }
}

function valueProblems(
  def: TemplateDefinition,
  values: Record<string, FieldValue>,
  mode: AnnotationMode,
): Problem[] {
  const problems: Problem[] = [];
  const fields = new Map(def.fields.map((f) => [f.id, f]));
  for (const [id, value] of Object.entries(values)) {
    const field = fields.get(id);
    if (!field) {
      problems.push({
        path: pointer('values', id),
        message: `unknown field ${JSON.stringify(id)}`,
      });
      continue;
    }
    const problem = isEmpty(value) ? null : valueProblem(field, value);
    if (problem) problems.push({ path: pointer('values', id), message: problem });
  }
  if (mode === 'submitted') {
    for (const field of def.fields) {
      if (field.required && isEmpty(values[field.id])) {
        problems.push({ path: pointer('values', field.id), message: `${field.title} is required` });
      }
    }
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
  if (structural.length > 0) return { ok: false, problems: structural };
  const p = payload as AnnotationPayload;
  const mode = context.mode ?? 'submitted';
  return result(p, [
    ...labelProblems(template, p.labels, mode),
    ...shapeProblems(template, p.shapes, context, mode),
    ...valueProblems(template, p.values, mode),
  ]);
}
