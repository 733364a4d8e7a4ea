import type {
  FormField,
  FormFieldKind,
  TemplateDefinition,
  Tool,
  ToolKind,
} from '@medlabel/schema';

// Small immutable edits of a template definition for the builder's controls.

/** Applies a change to the definition being built (the builder's sections get one). */
export type SetDefinition = (patch: Partial<TemplateDefinition>) => void;

export function newTool(kind: ToolKind, index: number): Tool {
  const base = {
    id: `${kind}${index + 1}`,
    title: `${kind[0]!.toUpperCase()}${kind.slice(1)} ${index + 1}`,
  };
  switch (kind) {
    case 'polygon':
    case 'polyline':
      return { ...base, kind };
    case 'keypoint':
      return { ...base, kind, keypoints: [{ name: 'point 1' }] };
    case 'ruler':
      return { ...base, kind, unit: 'mm' };
  }
}

export function newField(kind: FormFieldKind, index: number): FormField {
  const base = { id: `field${index + 1}`, title: `Field ${index + 1}` };
  switch (kind) {
    case 'number':
    case 'checkbox':
    case 'text':
      return { ...base, kind };
    case 'select':
      return { ...base, kind, options: ['yes', 'no'] };
  }
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export const BLANK_TEMPLATE: TemplateDefinition = {
  formatVersion: 1,
  name: 'New template',
  classification: {
    title: 'Label',
    choice: 'single',
    required: true,
    labels: [{ name: 'normal' }, { name: 'abnormal' }],
  },
  tools: [],
  fields: [],
};
