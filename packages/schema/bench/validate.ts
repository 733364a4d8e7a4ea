// Times the checks the server runs on every save and search: `npm run bench -w @medlabel/schema`.
// Prints median and p99 per case; figures go to docs/benchmarks.md.
import {
  exampleTemplates,
  parseSearchQuery,
  validateAnnotationPayload,
  validateTemplateDefinition,
  type TemplateDefinition,
} from '../src/index.js';

function measure(name: string, runs: number, work: () => unknown): void {
  for (let i = 0; i < Math.min(50, runs); i++) work(); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
  console.log(`${name.padEnd(64)} median ${at(0.5)} ms   p99 ${at(0.99)} ms   (${runs} runs)`);
}

const heavyTemplate: TemplateDefinition = {
  formatVersion: 1,
  name: 'Heavy',
  tools: [
    { kind: 'polygon', id: 'contour', title: 'Contour' },
    {
      kind: 'keypoint',
      id: 'points',
      title: 'Points',
      keypoints: Array.from({ length: 500 }, (_, i) => ({ name: `p${i}` })),
    },
  ],
  fields: [],
};
const vertices = 1000;
const contour = Array.from({ length: vertices }, (_, i) => {
  const angle = (2 * Math.PI * i) / vertices;
  const r = 400 * (1 + 0.05 * Math.sin(7 * angle));
  return { x: 512 + r * Math.cos(angle), y: 512 + r * Math.sin(angle) };
});
const heavyPayload = {
  labels: [],
  shapes: [
    { id: 'c', kind: 'polygon', tool: 'contour', points: contour },
    ...Array.from({ length: 500 }, (_, i) => ({
      id: `k${i}`,
      kind: 'keypoint',
      tool: 'points',
      name: `p${i}`,
      points: [{ x: (i * 7) % 1024, y: (i * 13) % 1024 }],
    })),
  ],
  values: {},
};
const echoPayload = {
  labels: ['CW Doppler'],
  shapes: [],
  values: { quality: 'good', artifact: false },
};
const image = { width: 1024, height: 1024, mode: 'submitted' as const };

console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
measure('validateAnnotationPayload: echo labels + 2 fields', 5000, () =>
  validateAnnotationPayload(exampleTemplates.echoMode, echoPayload, image),
);
measure('validateAnnotationPayload: 1000-vertex polygon + 500 keypoints', 200, () =>
  validateAnnotationPayload(heavyTemplate, heavyPayload, image),
);
// Every edge of a zigzag overlaps every other in x and y: quadratic for a naive pair check.
const zigzag = Array.from({ length: 20000 }, (_, i) => ({
  x: i % 2 === 0 ? 0 : 1000,
  y: i + (i % 2) * 500,
}));
const zigzagPayload = {
  labels: [],
  shapes: [
    {
      id: 'z',
      kind: 'polygon',
      tool: 'contour',
      points: [...zigzag, { x: 1010, y: 20600 }, { x: 1010, y: 0 }],
    },
  ],
  values: {},
};
measure('validateAnnotationPayload: 20,000-vertex zigzag polygon', 20, () =>
  validateAnnotationPayload(heavyTemplate, zigzagPayload, { ...image, width: 1024, height: 20600 }),
);
measure('validateTemplateDefinition: echo mode template', 5000, () =>
  validateTemplateDefinition(exampleTemplates.echoMode),
);
measure('parseSearchQuery: the issue example query', 5000, () =>
  parseSearchQuery(
    'modality:US label:"CW Doppler" annotator:reader3@example.org template:"Echo mode" status:done -bodypart:head free text',
  ),
);
