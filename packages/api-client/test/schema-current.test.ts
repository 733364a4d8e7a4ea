import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaFromDocument } from '../scripts/schema-from-document.js';

const read = (file: string) => fs.readFileSync(new URL(file, import.meta.url), 'utf8');

describe('the generated client types', () => {
  it('are those of the committed OpenAPI document (after a route change: npm run generate)', async () => {
    const generated = await schemaFromDocument(read('../openapi.json'));
    expect(
      read('../src/schema.d.ts') === generated,
      'src/schema.d.ts is out of date: run npm run generate',
    ).toBe(true);
  });
});
