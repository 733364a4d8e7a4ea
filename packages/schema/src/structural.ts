// Structural validation against a TypeBox schema, with readable messages for tagged unions:
// instead of "Expected union value" it names the unknown tag or the wrong property of the member.
import { KindGuard, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { MAX_PROBLEMS, type Problem } from './problems.js';

/** The property that tells the members of our unions apart (tools, fields, shapes). */
const TAG = 'kind';

/** The member per tag value when every member of a union is an object with a literal tag. */
function taggedMembers(union: TSchema): { tag: string; members: Map<string, TSchema> } | undefined {
  if (!KindGuard.IsUnion(union)) return undefined;
  const members = new Map<string, TSchema>();
  for (const member of union.anyOf) {
    const tagSchema: unknown = KindGuard.IsObject(member) ? member.properties[TAG] : undefined;
    if (!KindGuard.IsLiteral(tagSchema)) return undefined;
    members.set(String(tagSchema.const), member);
  }
  return { tag: TAG, members };
}

function literalChoices(union: TSchema): string[] | undefined {
  if (!KindGuard.IsUnion(union) || !union.anyOf.every((m) => KindGuard.IsLiteral(m)))
    return undefined;
  return union.anyOf.map((m) => JSON.stringify((m as { const: unknown }).const));
}

/** A short rendering of a value from the document, however big it is. */
function describe(value: unknown): string {
  if (typeof value !== 'string') return value === undefined ? 'missing' : `of type ${typeof value}`;
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
}

/** Every structural problem of `value` against `schema`; paths are JSON pointers below `base`. */
export function schemaProblems(schema: TSchema, value: unknown, base = ''): Problem[] {
  const problems: Problem[] = [];
  for (const error of Value.Errors(schema, value)) {
    if (problems.length > MAX_PROBLEMS) break; // the errors are generated lazily: stop early
    const path = base + error.path;
    if (error.type === ValueErrorType.StringMinLength && error.schema.minLength === 1) {
      problems.push({ path, message: 'must not be empty' });
      continue;
    }
    if (error.type !== ValueErrorType.Union) {
      problems.push({ path, message: error.message });
      continue;
    }
    const tagged = taggedMembers(error.schema);
    if (
      tagged &&
      typeof error.value === 'object' &&
      error.value !== null &&
      !Array.isArray(error.value)
    ) {
      const tagValue = (error.value as Record<string, unknown>)[tagged.tag];
      const member = typeof tagValue === 'string' ? tagged.members.get(tagValue) : undefined;
      if (member) {
        problems.push(...schemaProblems(member, error.value, path));
      } else {
        const known = [...tagged.members.keys()].join(', ');
        problems.push({
          path: `${path}/${tagged.tag}`,
          message: `unknown ${tagged.tag} ${describe(tagValue)}; expected one of ${known}`,
        });
      }
      continue;
    }
    if (tagged) {
      problems.push({ path, message: `expected an object with a ${tagged.tag}` });
      continue;
    }
    const choices = literalChoices(error.schema);
    const described =
      typeof error.schema.description === 'string' ? error.schema.description : null;
    const message = choices
      ? `expected one of ${choices.join(', ')}`
      : described
        ? `expected ${described}`
        : error.message;
    problems.push({ path, message });
  }
  // TypeBox may report one fault twice (a missing array: "required", then "expected array").
  return problems.filter((p, i) => problems.findIndex((q) => q.path === p.path) === i);
}
