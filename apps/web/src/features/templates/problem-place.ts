import type { TemplateDefinition } from '@medlabel/schema';

const FIELD_WORDS: Record<string, string> = {
  name: 'name',
  title: 'title',
  hotkey: 'hotkey',
  color: 'colour',
  id: 'id',
  specialty: 'specialty',
  modality: 'modality',
  minimumLevel: 'minimum level',
  keypoints: 'keypoints',
  labels: 'labels',
  options: 'options',
  maxCount: 'most shapes',
  maxVertices: 'most vertices',
  min: 'minimum',
  max: 'maximum',
};

/**
 * Where in the builder a validation problem lies, named as the template names things
 * (`Tool "Outline", hotkey`) instead of by its JSON pointer (`/tools/0/hotkey`).
 */
export function problemPlace(def: TemplateDefinition, path: string): string {
  const [section, index, ...rest] = path
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const detail = (words: (string | undefined)[]) =>
    words.filter((w): w is string => Boolean(w)).join(', ');
  const word = (key: string | undefined) =>
    key === undefined ? undefined : (FIELD_WORDS[key] ?? key);
  const i = Number(index);
  switch (section) {
    case undefined:
      return '';
    case 'classification': {
      if (index !== 'labels') return detail(['Image-level labels', word(index)]);
      const [at, key] = rest;
      const label = def.classification?.labels[Number(at)];
      return detail([
        label ? `Label ${JSON.stringify(label.name)}` : 'Image-level labels',
        word(key),
      ]);
    }
    case 'tools': {
      const tool = def.tools[i];
      const [sub, at, key] = rest;
      const owned =
        tool && sub === 'labels' && tool.kind !== 'keypoint' && at !== undefined
          ? `label ${JSON.stringify(tool.labels?.[Number(at)]?.name ?? '')}`
          : tool && sub === 'keypoints' && tool.kind === 'keypoint' && at !== undefined
            ? `keypoint ${JSON.stringify(tool.keypoints[Number(at)]?.name ?? '')}`
            : word(sub);
      return detail([
        tool ? `Tool ${JSON.stringify(tool.title)}` : 'Tools',
        owned,
        at !== undefined ? word(key) : undefined,
      ]);
    }
    case 'fields': {
      const field = def.fields[i];
      return detail([field ? `Field ${JSON.stringify(field.title)}` : 'Fields', word(rest[0])]);
    }
    case 'requiredExpertise':
      return detail(['Required expertise', word(index)]);
    default:
      return detail([word(section)]).replace(/^./, (c) => c.toUpperCase());
  }
}
