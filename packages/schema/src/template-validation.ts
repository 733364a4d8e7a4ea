// Rules of a template definition that a JSON Schema cannot express: uniqueness, ranges, clashes.
import { normalizeExpertiseTerms } from './expertise.js';
import type { Problem, ValidationResult } from './problems.js';
import { pointer, result } from './problems.js';
import { schemaProblems } from './structural.js';
import {
  TemplateDefinitionSchema,
  type FormField,
  type Label,
  type TemplateDefinition,
  type Tool,
} from './template.js';

/**
 * Reports each value seen before (case-insensitively when `fold`), at the path of the repeat. The
 * message names the first holder by its `owner` (as the template names it), never by a path.
 */
function duplicates(
  entries: { value: string; path: string; owner?: string }[],
  what: string,
  fold = true,
): Problem[] {
  const seen = new Map<string, string | undefined>();
  const problems: Problem[] = [];
  for (const { value, path, owner } of entries) {
    const key = fold ? value.toLowerCase() : value;
    if (!seen.has(key)) seen.set(key, owner);
    else {
      const first = seen.get(key);
      problems.push({
        path,
        message: `duplicate ${what} ${JSON.stringify(value)}${first ? `: already used by ${first}` : ''}`,
      });
    }
  }
  return problems;
}

/** Label names are unique within their list and trimmed (search queries match them exactly). */
function labelProblems(labels: Label[], base: (string | number)[]): Problem[] {
  const problems = duplicates(
    labels.map((l, i) => ({ value: l.name, path: pointer(...base, i, 'name') })),
    'label name',
  );
  labels.forEach((l, i) => {
    if (l.name.trim() !== l.name) {
      problems.push({
        path: pointer(...base, i, 'name'),
        message: 'label name must not start or end with white space',
      });
    }
  });
  return problems;
}

/** Every hotkey in the template, shape labels' included: they all share one keyboard. */
function hotkeys(def: TemplateDefinition): { value: string; path: string; owner: string }[] {
  const keys: { value: string; path: string; owner: string }[] = [];
  const name = JSON.stringify;
  def.classification?.labels.forEach((l, i) => {
    if (l.hotkey)
      keys.push({
        value: l.hotkey,
        path: pointer('classification', 'labels', i, 'hotkey'),
        owner: `label ${name(l.name)}`,
      });
  });
  def.tools.forEach((t, i) => {
    if (t.hotkey)
      keys.push({
        value: t.hotkey,
        path: pointer('tools', i, 'hotkey'),
        owner: `tool ${name(t.title)}`,
      });
    if (t.kind === 'keypoint') return;
    t.labels?.forEach((l, j) => {
      if (l.hotkey)
        keys.push({
          value: l.hotkey,
          path: pointer('tools', i, 'labels', j, 'hotkey'),
          owner: `label ${name(l.name)} of tool ${name(t.title)}`,
        });
    });
  });
  return keys;
}

function toolProblems(tool: Tool, index: number): Problem[] {
  const problems: Problem[] = [];
  switch (tool.kind) {
    case 'polygon':
    case 'polyline':
    case 'ruler': {
      if (tool.labels) problems.push(...labelProblems(tool.labels, ['tools', index, 'labels']));
      break;
    }
    case 'keypoint': {
      problems.push(
        ...duplicates(
          tool.keypoints.map((k, j) => ({
            value: k.name,
            path: pointer('tools', index, 'keypoints', j, 'name'),
          })),
          'keypoint name',
        ),
      );
      if (tool.maxCount !== undefined && tool.maxCount < tool.keypoints.length) {
        problems.push({
          path: pointer('tools', index, 'maxCount'),
          message: `maxCount ${tool.maxCount} is below the ${tool.keypoints.length} keypoints of the set`,
        });
      }
      break;
    }
  }
  return problems;
}

function fieldProblems(field: FormField, index: number): Problem[] {
  const at = (...rest: (string | number)[]) => pointer('fields', index, ...rest);
  switch (field.kind) {
    case 'number': {
      const problems: Problem[] = [];
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
        problems.push({ path: at('max'), message: `max ${field.max} is below min ${field.min}` });
      }
      if (field.integer) {
        for (const bound of ['min', 'max'] as const) {
          const v = field[bound];
          if (v !== undefined && !Number.isInteger(v)) {
            problems.push({
              path: at(bound),
              message: `${bound} must be an integer for an integer field`,
            });
          }
        }
      }
      return problems;
    }
    case 'select':
      return duplicates(
        field.options.map((o, j) => ({ value: o, path: at('options', j) })),
        'option',
        false,
      );
    case 'checkbox':
    case 'text':
      return [];
  }
}

/** Semantic rules; only meaningful once the document matches the schema. */
function definitionProblems(def: TemplateDefinition): Problem[] {
  const problems: Problem[] = [];
  if (!def.classification && def.tools.length === 0 && def.fields.length === 0) {
    problems.push({ path: '', message: 'a template needs labels, tools or fields' });
  }
  if (def.classification) {
    problems.push(...labelProblems(def.classification.labels, ['classification', 'labels']));
  }
  problems.push(...duplicates(hotkeys(def), 'hotkey'));
  problems.push(
    ...duplicates(
      def.tools.map((t, i) => ({ value: t.id, path: pointer('tools', i, 'id') })),
      'tool id',
      false,
    ),
  );
  problems.push(
    ...duplicates(
      def.fields.map((f, i) => ({ value: f.id, path: pointer('fields', i, 'id') })),
      'field id',
      false,
    ),
  );
  def.tools.forEach((t, i) => problems.push(...toolProblems(t, i)));
  def.fields.forEach((f, i) => problems.push(...fieldProblems(f, i)));
  if (def.requiredExpertise)
    problems.push(
      ...normalizeExpertiseTerms(def.requiredExpertise, ['requiredExpertise']).problems,
    );
  return problems;
}

/** Checks a template definition; never throws, whatever JSON it is given. */
export function validateTemplateDefinition(def: unknown): ValidationResult<TemplateDefinition> {
  const structural = schemaProblems(TemplateDefinitionSchema, def);
  if (structural.length > 0) return result(def, structural);
  return result(def, definitionProblems(def as TemplateDefinition));
}
