// Form values of an annotation payload against the template's fields.
import type { AnnotationMode, FieldValue } from './annotation.js';
import type { Problem } from './problems.js';
import { pointer } from './problems.js';
import type { FormField, TemplateDefinition } from './template.js';

/** Null, undefined, blank text and empty lists count as not filled in. */
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

export function valueProblems(
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
