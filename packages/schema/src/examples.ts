// Sample templates, one per task type, for the demo workspace, tests and the template builder.
import type { TemplateDefinition } from './template.js';

const echoMode: TemplateDefinition = {
  formatVersion: 1,
  name: 'Echo mode',
  description: 'Classify the acquisition mode of an echocardiography image.',
  classification: {
    title: 'Mode',
    choice: 'single',
    required: true,
    labels: [
      { name: '2D', hotkey: '1', color: '#4363d8' },
      { name: 'M-mode', hotkey: '2', color: '#3cb44b' },
      { name: 'PW Doppler', hotkey: '3', color: '#f58231' },
      { name: 'CW Doppler', hotkey: '4', color: '#e6194b' },
      { name: 'Color Doppler', hotkey: '5', color: '#911eb4' },
    ],
  },
  tools: [],
  fields: [
    {
      kind: 'select',
      id: 'quality',
      title: 'Image quality',
      options: ['good', 'fair', 'poor'],
      required: true,
    },
    { kind: 'checkbox', id: 'artifact', title: 'Artifacts present' },
  ],
  requiredExpertise: { specialty: 'cardiology', modality: 'US', minimumLevel: 'intermediate' },
};

const lesionContour: TemplateDefinition = {
  formatVersion: 1,
  name: 'Lesion contour',
  description: 'Outline each lesion and the organ it lies in.',
  tools: [
    {
      kind: 'polygon',
      id: 'contour',
      title: 'Contour',
      hotkey: 'p',
      required: true,
      labels: [
        { name: 'Lesion', color: '#e6194b', hotkey: 'l' },
        { name: 'Organ', color: '#3cb44b', hotkey: 'o' },
      ],
    },
  ],
  fields: [
    {
      kind: 'number',
      id: 'lesions',
      title: 'Number of lesions',
      min: 0,
      max: 50,
      integer: true,
      required: true,
    },
    { kind: 'text', id: 'notes', title: 'Notes', multiline: true, maxLength: 2000 },
  ],
  requiredExpertise: { specialty: 'radiology', modality: 'MR', minimumLevel: 'advanced' },
};

const cardiacLandmarks: TemplateDefinition = {
  formatVersion: 1,
  name: 'Cardiac landmarks',
  description: 'Place the apex and the mitral annulus on an apical four-chamber view.',
  tools: [
    {
      kind: 'keypoint',
      id: 'landmarks',
      title: 'Landmarks',
      hotkey: 'k',
      required: true,
      keypoints: [
        { name: 'LV apex', color: '#ffe119' },
        { name: 'Mitral annulus (septal)', color: '#46f0f0' },
        { name: 'Mitral annulus (lateral)', color: '#f032e6' },
      ],
    },
  ],
  fields: [{ kind: 'checkbox', id: 'foreshortened', title: 'Apex foreshortened' }],
  requiredExpertise: { specialty: 'cardiology', modality: 'US', minimumLevel: 'advanced' },
};

const lengthMeasurement: TemplateDefinition = {
  formatVersion: 1,
  name: 'Structure measurement',
  description: 'Measure the largest diameter with the ruler and trace the vessel course.',
  tools: [
    {
      kind: 'ruler',
      id: 'diameter',
      title: 'Diameter',
      unit: 'mm',
      hotkey: 'r',
      required: true,
      maxCount: 3,
    },
    { kind: 'polyline', id: 'course', title: 'Vessel course', hotkey: 'v' },
  ],
  fields: [
    {
      kind: 'number',
      id: 'reported',
      title: 'Reported diameter',
      unit: 'mm',
      min: 0,
      max: 500,
    },
  ],
  requiredExpertise: { specialty: 'radiology', modality: 'CT', minimumLevel: 'intermediate' },
};

/** The ten Fashion-MNIST classes: the data set the labeling loop's experiments run on. */
const fashionMnist: TemplateDefinition = {
  formatVersion: 1,
  name: 'Fashion-MNIST class',
  classification: {
    choice: 'single',
    required: true,
    labels: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ].map((name, i) => ({ name, hotkey: String(i) })),
  },
  tools: [],
  fields: [],
};

/** Freezes a document to its leaves, so a test or page that shares a sample cannot change it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * Valid sample templates by key, frozen (clone with structuredClone to edit one); tests assert
 * that each passes validateTemplateDefinition.
 */
export const exampleTemplates = deepFreeze({
  echoMode,
  lesionContour,
  cardiacLandmarks,
  lengthMeasurement,
  fashionMnist,
} as const satisfies Record<string, TemplateDefinition>);
