import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/openapi-document.js';

const COMMITTED = new URL('../../../packages/api-client/openapi.json', import.meta.url);

describe('the committed OpenAPI document', () => {
  it('is the one the routes declare (after a route change: npm run generate)', async () => {
    const live = await openApiDocument();
    expect(
      fs.readFileSync(COMMITTED, 'utf8') === live,
      'packages/api-client/openapi.json is out of date: run npm run generate',
    ).toBe(true);
  });
});
