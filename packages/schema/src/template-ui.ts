// What the annotation workspace and the template builder preview show for a template: one
// derivation, so both screens agree on tools, form fields, colours and keyboard shortcuts.
import type {
  Choice,
  FormField,
  KeypointDefinition,
  Label,
  LengthUnit,
  TemplateDefinition,
  Tool,
  ToolKind,
} from './template.js';

/** Colours given, in order, to labels and keypoints that declare none (distinct on grey images). */
export const DEFAULT_PALETTE = [
  '#e6194b',
  '#3cb44b',
  '#ffe119',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#46f0f0',
  '#f032e6',
  '#bcf60c',
  '#fabebe',
] as const;

/** Keys handed, in order, to image-level labels without a hotkey: "number keys pick labels". */
const AUTO_LABEL_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

export interface UiLabel {
  name: string;
  color: string;
  hotkey: string | null;
  description: string | null;
}

export type Measure = 'length' | 'area' | 'perimeter';

export interface UiTool {
  id: string;
  kind: ToolKind;
  title: string;
  description: string | null;
  hotkey: string | null;
  required: boolean;
  maxCount: number | null;
  /** Labels a shape of this tool may carry; empty when shapes are unlabelled. */
  labels: UiLabel[];
  /** The named keypoint set (keypoint tool only). */
  keypoints: (Required<Pick<KeypointDefinition, 'name' | 'color'>> & {
    description: string | null;
  })[];
  /** Unit a ruler reports in; null for other tools. */
  unit: LengthUnit | null;
  measures: Measure[];
}

export type UiField = FormField & { required: boolean };

export type UiShortcut =
  { key: string; action: 'label'; label: string } | { key: string; action: 'tool'; tool: string };

export interface TemplateUi {
  classification: { title: string; choice: Choice; required: boolean; labels: UiLabel[] } | null;
  tools: UiTool[];
  fields: UiField[];
  /** Every template shortcut, for the `?` help and the key handler. */
  shortcuts: UiShortcut[];
}

const MEASURES: Record<ToolKind, Measure[]> = {
  polygon: ['area', 'perimeter'],
  polyline: ['length'],
  ruler: ['length'],
  keypoint: [],
};

function uiLabels(labels: Label[], autoKeys: string[]): UiLabel[] {
  return labels.map((l, i) => ({
    name: l.name,
    color: l.color ?? DEFAULT_PALETTE[i % DEFAULT_PALETTE.length]!,
    hotkey: l.hotkey ?? autoKeys.shift() ?? null,
    description: l.description ?? null,
  }));
}

function uiTool(tool: Tool): UiTool {
  return {
    id: tool.id,
    kind: tool.kind,
    title: tool.title,
    description: tool.description ?? null,
    hotkey: tool.hotkey ?? null,
    required: tool.required ?? false,
    maxCount: tool.maxCount ?? null,
    labels: tool.kind === 'keypoint' ? [] : uiLabels(tool.labels ?? [], []),
    keypoints:
      tool.kind === 'keypoint'
        ? tool.keypoints.map((k, i) => ({
            name: k.name,
            color: k.color ?? DEFAULT_PALETTE[i % DEFAULT_PALETTE.length]!,
            description: k.description ?? null,
          }))
        : [],
    unit: tool.kind === 'ruler' ? tool.unit : null,
    measures: MEASURES[tool.kind],
  };
}

/**
 * Derives the UI of a valid template (see validateTemplateDefinition). Image-level labels
 * without a hotkey get the free number keys 1-9 then 0, in order.
 */
export function describeTemplateUi(def: TemplateDefinition): TemplateUi {
  const taken = new Set([
    ...(def.classification?.labels.flatMap((l) => (l.hotkey ? [l.hotkey] : [])) ?? []),
    ...def.tools.flatMap((t) => [
      ...(t.hotkey ? [t.hotkey] : []),
      ...(t.kind === 'keypoint' ? [] : (t.labels ?? [])).flatMap((l) =>
        l.hotkey ? [l.hotkey] : [],
      ),
    ]),
  ]);
  const autoKeys = AUTO_LABEL_KEYS.filter((k) => !taken.has(k));
  const classification = def.classification
    ? {
        title: def.classification.title ?? 'Label',
        choice: def.classification.choice,
        required: def.classification.required,
        labels: uiLabels(def.classification.labels, autoKeys),
      }
    : null;
  const tools = def.tools.map(uiTool);
  const shortcuts: UiShortcut[] = [
    ...(classification?.labels.flatMap((l) =>
      l.hotkey ? [{ key: l.hotkey, action: 'label' as const, label: l.name }] : [],
    ) ?? []),
    ...tools.flatMap((t) =>
      t.hotkey ? [{ key: t.hotkey, action: 'tool' as const, tool: t.id }] : [],
    ),
  ];
  return {
    classification,
    tools,
    fields: def.fields.map((f) => ({ ...f, required: f.required ?? false })),
    shortcuts,
  };
}
