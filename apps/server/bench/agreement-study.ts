// A seeded reading study for the agreement benchmark and the agreement thread's tests.
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';
import type { StudyImage, StudyInput } from '../src/agreement/compute/analysis.js';

export const definition: TemplateDefinition = {
  formatVersion: 1,
  name: 'Benchmark reading',
  classification: {
    choice: 'single',
    required: true,
    labels: [{ name: 'normal' }, { name: 'benign' }, { name: 'malignant' }],
  },
  tools: [
    { kind: 'polygon', id: 'lesion', title: 'Lesion' },
    { kind: 'ruler', id: 'diameter', title: 'Diameter', unit: 'mm' },
    {
      kind: 'keypoint',
      id: 'landmarks',
      title: 'Landmarks',
      keypoints: [{ name: 'apex' }, { name: 'base' }],
    },
  ],
  fields: [{ kind: 'number', id: 'score', title: 'Score', min: 0, max: 10 }],
};

/** A seeded generator, so every run reads the same collection. */
let state = 42;
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};

/** A lesion of 24 vertices, radius 15 to 45 px, as a reader outlines it (a few px of jitter). */
function outline(cx: number, cy: number, r: number) {
  return Array.from({ length: 24 }, (_, k) => {
    const angle = (k / 24) * 2 * Math.PI;
    const radius = r + (random() - 0.5) * 3;
    return { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
  });
}

/**
 * A seeded reading study of `images` images, each read by `readers` readers: a label, a lesion
 * outline, a diameter, two landmarks and a score each, as the same collection on every run
 * (no image summarised yet).
 */
export function readingStudy(images: number, readers: number): StudyInput {
  state = 42;
  const study: StudyImage[] = [];
  for (let i = 0; i < images; i++) {
    const truth = Math.floor(random() * 3);
    const r = 15 + random() * 30;
    const length = 2 * r;
    study.push({
      imageId: i + 1,
      spacing: [0.7, 0.7],
      readers: Array.from({ length: readers }, (_, j) => j),
      summary: null,
      outlines: null,
      readings: Array.from({ length: readers }, () => {
        const label = random() < 0.85 ? truth : Math.floor(random() * 3);
        const payload: AnnotationPayload = {
          labels: [definition.classification!.labels[label]!.name],
          shapes: [
            { kind: 'polygon', id: 'p', tool: 'lesion', points: outline(256, 256, r) },
            {
              kind: 'ruler',
              id: 'r',
              tool: 'diameter',
              points: [
                { x: 256 - length / 2, y: 256 },
                { x: 256 + length / 2 + (random() - 0.5) * 4, y: 256 },
              ],
            },
            {
              kind: 'keypoint',
              id: 'k1',
              tool: 'landmarks',
              name: 'apex',
              points: [{ x: 200 + random() * 4, y: 180 }],
            },
            {
              kind: 'keypoint',
              id: 'k2',
              tool: 'landmarks',
              name: 'base',
              points: [{ x: 300, y: 330 + random() * 4 }],
            },
          ],
          values: { score: Math.round(truth * 3 + random() * 2) },
        };
        return JSON.stringify(payload);
      }),
    });
  }

  const readerList = Array.from({ length: readers }, (_, j) => ({
    id: j + 1,
    name: `Reader ${j + 1}`,
    email: `reader${j + 1}@bench.test`,
    paused: false,
  }));
  return {
    collectionId: 1,
    definition,
    readers: readerList,
    images: study,
    thresholds: { minDice: 0.8, maxRelativeDifference: 0.1, maxKeypointMm: 5 },
    referenceCases: [],
    minReferenceAccuracy: null,
  };
}
