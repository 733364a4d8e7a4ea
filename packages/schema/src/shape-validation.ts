// Shapes of an annotation payload against the template's tools and the image they lie on.
import { findSelfIntersection, isInsideImage } from '@medlabel/geometry';
import type { AnnotationMode, Shape } from './annotation.js';
import type { Problem } from './problems.js';
import { pointer } from './problems.js';
import type { TemplateDefinition, Tool } from './template.js';

export interface ImageExtent {
  width: number;
  height: number;
  frames: number;
}

/** A tool with its names as sets, so payloads of thousands of shapes check in linear time. */
interface IndexedTool {
  tool: Tool;
  keypoints: Set<string>;
  /** null when shapes of the tool carry no label. */
  labels: Set<string> | null;
}

function indexTools(def: TemplateDefinition): Map<string, IndexedTool> {
  return new Map(
    def.tools.map((tool) => [
      tool.id,
      {
        tool,
        keypoints: new Set(tool.kind === 'keypoint' ? tool.keypoints.map((k) => k.name) : []),
        labels:
          tool.kind !== 'keypoint' && tool.labels ? new Set(tool.labels.map((l) => l.name)) : null,
      },
    ]),
  );
}

function pointProblems(shape: Shape, index: number, image: ImageExtent): Problem[] {
  const problems: Problem[] = [];
  shape.points.forEach((p, j) => {
    if (!isInsideImage(p, image.width, image.height)) {
      problems.push({
        path: pointer('shapes', index, 'points', j),
        message: `point (${p.x}, ${p.y}) lies outside the ${image.width}x${image.height} image`,
      });
    }
  });
  if ((shape.frame ?? 0) >= image.frames) {
    problems.push({
      path: pointer('shapes', index, 'frame'),
      message: `frame ${shape.frame} does not exist; the image has ${image.frames}`,
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

function toolFitProblems(
  shape: Shape,
  index: number,
  { tool, keypoints, labels }: IndexedTool,
): Problem[] {
  if (tool.kind !== shape.kind) {
    return [
      {
        path: pointer('shapes', index, 'kind'),
        message: `${tool.title} draws ${tool.kind}s, not ${shape.kind}s`,
      },
    ];
  }
  if (shape.kind === 'keypoint') {
    return keypoints.has(shape.name)
      ? []
      : [
          {
            path: pointer('shapes', index, 'name'),
            message: `unknown keypoint ${JSON.stringify(shape.name)} of ${tool.title}`,
          },
        ];
  }
  if (shape.label === undefined || labels?.has(shape.label)) return [];
  return [
    {
      path: pointer('shapes', index, 'label'),
      message: labels
        ? `unknown label ${JSON.stringify(shape.label)} for ${tool.title}`
        : `${tool.title} has no shape labels`,
    },
  ];
}

/** Required tools of a submitted annotation: a shape at least; for keypoints, the whole set. */
function requiredToolProblems(def: TemplateDefinition, shapes: Shape[]): Problem[] {
  const drawn = new Map<string, Set<string>>();
  for (const s of shapes) {
    const names = drawn.get(s.tool) ?? new Set<string>();
    if (s.kind === 'keypoint') names.add(s.name);
    drawn.set(s.tool, names);
  }
  return def.tools.flatMap((tool) => {
    if (!tool.required) return [];
    const names = drawn.get(tool.id);
    if (!names)
      return [{ path: '/shapes', message: `${tool.title} is required: draw at least one shape` }];
    const missing =
      tool.kind === 'keypoint' ? tool.keypoints.filter((k) => !names.has(k.name)) : [];
    return missing.length === 0
      ? []
      : [
          {
            path: '/shapes',
            message: `${tool.title}: keypoints missing: ${missing.map((k) => k.name).join(', ')}`,
          },
        ];
  });
}

/** Contours longer than their tool allows (the payload's total is checked before the schema). */
function vertexProblems(shapes: Shape[], tools: Map<string, IndexedTool>): Problem[] {
  const problems: Problem[] = [];
  shapes.forEach((shape, i) => {
    const tool = tools.get(shape.tool)?.tool;
    const most =
      tool?.kind === 'polygon' || tool?.kind === 'polyline' ? tool.maxVertices : undefined;
    if (tool && most !== undefined && shape.points.length > most) {
      problems.push({
        path: pointer('shapes', i, 'points'),
        message: `${tool.title} allows at most ${most} vertices per shape, not ${shape.points.length}`,
      });
    }
  });
  return problems;
}

/** Every rule on shapes; `mode` decides whether required tools must be drawn. */
export function shapeProblems(
  def: TemplateDefinition,
  shapes: Shape[],
  image: ImageExtent,
  mode: AnnotationMode,
): Problem[] {
  const tools = indexTools(def);
  // Longer than the tool allows: say so and check nothing else (self-intersection costs per vertex).
  const tooMany = vertexProblems(shapes, tools);
  if (tooMany.length > 0) return tooMany;
  const problems: Problem[] = [];
  const ids = new Set<string>();
  const perToolFrame = new Map<string, number>();
  const placedKeypoints = new Set<string>();
  shapes.forEach((shape, i) => {
    if (ids.has(shape.id)) {
      problems.push({
        path: pointer('shapes', i, 'id'),
        message: `duplicate shape id ${JSON.stringify(shape.id)}`,
      });
    }
    ids.add(shape.id);
    const indexed = tools.get(shape.tool);
    if (!indexed) {
      problems.push({
        path: pointer('shapes', i, 'tool'),
        message: `unknown tool ${JSON.stringify(shape.tool)}`,
      });
    } else {
      problems.push(...toolFitProblems(shape, i, indexed));
    }
    problems.push(...pointProblems(shape, i, image), ...geometryProblems(shape, i));

    const toolFrame = `${shape.tool}\u0000${shape.frame ?? 0}`;
    const count = (perToolFrame.get(toolFrame) ?? 0) + 1;
    perToolFrame.set(toolFrame, count);
    const maxCount = indexed?.tool.maxCount;
    if (indexed && maxCount !== undefined && count === maxCount + 1) {
      problems.push({
        path: pointer('shapes', i),
        message: `${indexed.tool.title} allows at most ${maxCount} shapes per frame`,
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
  return mode === 'submitted' ? [...problems, ...requiredToolProblems(def, shapes)] : problems;
}
