import { describe, expect, it } from 'vitest';
import {
  MAX_PROBLEMS,
  exampleTemplates,
  validateAnnotationPayload,
  type AnnotationContext,
  type AnnotationPayload,
  type Problem,
  type TemplateDefinition,
} from '../src/index.js';

const image: AnnotationContext = { width: 640, height: 480 };
const pt = (x: number, y: number) => ({ x, y });

function problemsOf(
  template: TemplateDefinition,
  payload: unknown,
  ctx: AnnotationContext = image,
): Problem[] {
  const r = validateAnnotationPayload(template, payload, ctx);
  return r.ok ? [] : r.problems;
}

describe('labels', () => {
  const echo = exampleTemplates.echoMode;
  const values = { quality: 'good' };

  it('accepts one known label and returns the typed payload', () => {
    const payload = { labels: ['CW Doppler'], shapes: [], values };
    const r = validateAnnotationPayload(echo, payload, image);
    expect(r).toEqual({ ok: true, value: payload });
  });

  it('refuses unknown labels, repeats and a second label on a single choice', () => {
    expect(problemsOf(echo, { labels: ['cw doppler'], shapes: [], values })).toEqual([
      { path: '/labels/0', message: 'unknown label "cw doppler"; did you mean "CW Doppler"?' },
    ]);
    expect(
      problemsOf(echo, { labels: ['2D', '2D'], shapes: [], values }).map((p) => p.message),
    ).toEqual(['label "2D" chosen twice', 'single choice: 2 labels chosen, at most 1 allowed']);
  });

  it('requires the label and required fields only when submitted', () => {
    const empty = { labels: [], shapes: [], values: { quality: null } };
    expect(problemsOf(echo, empty, { ...image, mode: 'draft' })).toEqual([]);
    expect(problemsOf(echo, empty, { ...image, mode: 'submitted' })).toEqual([
      { path: '/labels', message: 'a label is required' },
      { path: '/values/quality', message: 'Image quality is required' },
    ]);
    expect(problemsOf(echo, empty)).toHaveLength(2); // submitted is the default
  });

  it('allows several labels on a multi choice', () => {
    const multi = structuredClone(echo);
    multi.classification!.choice = 'multi';
    expect(problemsOf(multi, { labels: ['2D', 'M-mode'], shapes: [], values })).toEqual([]);
  });

  it('refuses labels when the template has none', () => {
    expect(
      problemsOf(
        exampleTemplates.lesionContour,
        { labels: ['x'], shapes: [], values: {} },
        { ...image, mode: 'draft' },
      ),
    ).toEqual([{ path: '/labels/0', message: 'the template has no image-level labels' }]);
  });
});

describe('shapes', () => {
  const contour = exampleTemplates.lesionContour;
  const square = [pt(10, 10), pt(50, 10), pt(50, 50), pt(10, 50)];
  const draft: AnnotationContext = { ...image, mode: 'draft' };

  it('accepts a labelled polygon inside the image', () => {
    const payload: AnnotationPayload = {
      labels: [],
      shapes: [{ id: 's1', kind: 'polygon', tool: 'contour', label: 'Lesion', points: square }],
      values: { lesions: 1 },
    };
    expect(problemsOf(contour, payload)).toEqual([]);
  });

  it('refuses polygons with fewer than 3 points, crossings, repeats and points outside', () => {
    const shapes = [{ id: 'a', kind: 'polygon', tool: 'contour', points: [pt(0, 0), pt(1, 1)] }];
    expect(problemsOf(contour, { labels: [], shapes, values: {} }, draft)[0]!.path).toBe(
      '/shapes/0/points',
    );
    const bowTie = [pt(0, 0), pt(40, 40), pt(40, 0), pt(0, 40)];
    const closedTwice = [...square, pt(10, 10)];
    const outside = [pt(10, 10), pt(700, 10), pt(10, 50)];
    const payload = {
      labels: [],
      shapes: [
        { id: 'a', kind: 'polygon', tool: 'contour', points: bowTie },
        { id: 'b', kind: 'polygon', tool: 'contour', points: closedTwice },
        { id: 'c', kind: 'polygon', tool: 'contour', points: outside },
      ],
      values: {},
    };
    expect(problemsOf(contour, payload, draft)).toEqual([
      { path: '/shapes/0/points', message: 'polygon intersects itself (edges 0 and 2)' },
      {
        path: '/shapes/1/points/0',
        message: 'repeats the previous vertex (polygons close themselves)',
      },
      { path: '/shapes/2/points/1', message: 'point (700, 10) lies outside the 640x480 image' },
    ]);
  });

  it('checks tool, kind, label, id, frame and the required tool', () => {
    const payload = {
      labels: [],
      shapes: [
        { id: 'a', kind: 'polygon', tool: 'brush', points: square },
        { id: 'a', kind: 'polyline', tool: 'contour', points: square },
        { id: 'b', kind: 'polygon', tool: 'contour', label: 'Tumour', points: square, frame: 2 },
      ],
      values: { lesions: 0 },
    };
    expect(problemsOf(contour, payload, { ...image, frames: 2 })).toEqual([
      { path: '/shapes/0/tool', message: 'unknown tool "brush"' },
      { path: '/shapes/1/id', message: 'duplicate shape id "a"' },
      { path: '/shapes/1/kind', message: 'Contour draws polygons, not polylines' },
      { path: '/shapes/2/label', message: 'unknown label "Tumour" for Contour' },
      { path: '/shapes/2/frame', message: 'frame 2 does not exist; the image has 2' },
    ]);
    expect(problemsOf(contour, { labels: [], shapes: [], values: { lesions: 0 } })).toEqual([
      { path: '/shapes', message: 'Contour is required: draw at least one shape' },
    ]);
  });

  it('checks keypoint names, repeats per frame and completeness of the set', () => {
    const landmarks = exampleTemplates.cardiacLandmarks;
    const kp = (id: string, name: string, frame = 0) => ({
      id,
      kind: 'keypoint',
      tool: 'landmarks',
      name,
      frame,
      points: [pt(5, 5)],
    });
    const payload = {
      labels: [],
      shapes: [kp('1', 'LV apex'), kp('2', 'LV apex'), kp('3', 'LV apex', 1), kp('4', 'RV apex')],
      values: {},
    };
    expect(problemsOf(landmarks, payload, { ...image, frames: 2 })).toEqual([
      { path: '/shapes/1/name', message: 'keypoint "LV apex" placed twice' },
      { path: '/shapes/3/name', message: 'unknown keypoint "RV apex" of Landmarks' },
      {
        path: '/shapes',
        message: 'Landmarks: keypoints missing: Mitral annulus (septal), Mitral annulus (lateral)',
      },
    ]);
  });

  it('checks rulers and the maximum count per frame', () => {
    const measure = exampleTemplates.lengthMeasurement;
    const ruler = (id: string, b = pt(30, 40)) => ({
      id,
      kind: 'ruler',
      tool: 'diameter',
      points: [pt(0, 0), b],
    });
    const payload = {
      labels: [],
      shapes: [ruler('1'), ruler('2'), ruler('3'), ruler('4', pt(0, 0))],
      values: {},
    };
    expect(problemsOf(measure, payload)).toEqual([
      { path: '/shapes/3/points', message: 'ruler has zero length' },
      { path: '/shapes/3', message: 'Diameter allows at most 3 shapes per frame' },
    ]);
    const threePoints = {
      labels: [],
      shapes: [{ ...ruler('1'), points: [pt(0, 0), pt(1, 1), pt(2, 2)] }],
      values: {},
    };
    expect(problemsOf(measure, threePoints)[0]!.path).toBe('/shapes/0/points');
  });
});

describe('form values', () => {
  const def: TemplateDefinition = {
    formatVersion: 1,
    name: 'Fields',
    tools: [],
    fields: [
      { kind: 'number', id: 'n', title: 'N', min: 0, max: 10, integer: true },
      { kind: 'checkbox', id: 'c', title: 'C', required: true },
      { kind: 'text', id: 't', title: 'T', maxLength: 5 },
      { kind: 'select', id: 's', title: 'S', options: ['a', 'b'] },
      { kind: 'select', id: 'm', title: 'M', options: ['a', 'b'], multiple: true, required: true },
    ],
  };
  const ok = { c: false, m: ['a'] };

  it('accepts values of the right kind; false is an answer to a required checkbox', () => {
    expect(
      problemsOf(def, { labels: [], shapes: [], values: { ...ok, n: 10, t: 'short', s: 'b' } }),
    ).toEqual([]);
  });

  it('refuses values out of range, of the wrong kind and for unknown fields', () => {
    const values = { n: 11, c: 'yes', t: 'too long', s: ['a'], m: ['a', 'z'], extra: 1 };
    expect(problemsOf(def, { labels: [], shapes: [], values })).toEqual([
      { path: '/values/n', message: '11 is above the maximum 10' },
      { path: '/values/c', message: 'expected true or false' },
      { path: '/values/t', message: 'longer than 5 characters' },
      { path: '/values/s', message: 'expected one option' },
      { path: '/values/m', message: 'unknown option "z"' },
      { path: '/values/extra', message: 'unknown field "extra"' },
    ]);
    expect(
      problemsOf(def, {
        labels: [],
        shapes: [],
        values: { c: false, n: 2.5, t: 'a\nb', m: ['a', 'a'] },
      }),
    ).toEqual([
      { path: '/values/n', message: 'expected an integer' },
      { path: '/values/t', message: 'expected a single line' },
      { path: '/values/m', message: 'an option is chosen twice' },
    ]);
  });

  it('treats empty text and empty lists as missing for required fields', () => {
    expect(problemsOf(def, { labels: [], shapes: [], values: { c: true, m: [] } })).toEqual([
      { path: '/values/m', message: 'M is required' },
    ]);
  });

  it('reports structural problems with JSON pointers, escaping field ids', () => {
    expect(problemsOf(def, { labels: [], shapes: [], values: { n: {}, 'a/b': 1 } })).toEqual([
      {
        path: '/values/n',
        message: 'expected a number, true or false, a text, a list of texts, or null',
      },
      { path: '/values/a~1b', message: 'Unexpected property' },
    ]);
    expect(problemsOf(def, { labels: [], values: {} })).toEqual([
      { path: '/shapes', message: 'Expected required property' },
    ]);
  });
});

describe('problem lists', () => {
  it('stop after MAX_PROBLEMS with one line saying more were left out', () => {
    const contour = exampleTemplates.lesionContour;
    const far = Array.from({ length: 500 }, (_, i) => pt(1000 + i, 1000));
    const semantic = problemsOf(contour, {
      labels: [],
      shapes: [{ id: 'a', kind: 'polyline', tool: 'contour', points: far }],
      values: { lesions: 1 },
    });
    expect(semantic).toHaveLength(MAX_PROBLEMS + 1);
    expect(semantic[MAX_PROBLEMS]).toEqual({
      path: '',
      message: 'further problems are not listed',
    });
    const structural = problemsOf(contour, { labels: far.slice(0, 150), shapes: [], values: {} });
    expect(structural).toHaveLength(MAX_PROBLEMS + 1);
    expect(structural[0]!.path).toBe('/labels/0');
  });
});
