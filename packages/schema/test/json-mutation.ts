// A fast-check arbitrary that breaks a valid JSON document in one place: replace a node with any
// JSON, delete a property, or duplicate an array element. It finds the cases between "valid" and
// "garbage" that validators must still answer without throwing.
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every [container, key] pair of the document, depth first. */
function slots(doc: Json): [Json[] | { [key: string]: Json }, string | number][] {
  if (doc === null || typeof doc !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(doc)
    ? doc.map((v, i) => [i, v])
    : Object.entries(doc);
  return entries.flatMap(([key, child]) => [
    [doc, key] as [typeof doc, typeof key],
    ...slots(child),
  ]);
}

export function mutatedJson(original: unknown): fc.Arbitrary<unknown> {
  const count = slots(original as Json).length;
  return fc
    .tuple(
      fc.nat({ max: Math.max(count - 1, 0) }),
      fc.constantFrom('replace', 'delete', 'duplicate'),
      fc.jsonValue(),
    )
    .map(([index, action, replacement]) => {
      const doc = structuredClone(original) as Json;
      const slot = slots(doc)[index];
      if (!slot) return replacement;
      const [container, key] = slot;
      if (Array.isArray(container)) {
        const i = key as number;
        if (action === 'delete') container.splice(i, 1);
        else if (action === 'duplicate') container.splice(i, 0, structuredClone(container[i]!));
        else container[i] = replacement as Json;
      } else if (action === 'delete') {
        delete container[key as string];
      } else {
        container[key as string] = (
          action === 'duplicate' ? structuredClone(container[key as string]!) : replacement
        ) as Json;
      }
      return doc;
    });
}
