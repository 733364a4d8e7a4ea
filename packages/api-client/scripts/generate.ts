// `npm run generate -w @medlabel/api-client`: writes src/schema.d.ts from openapi.json, the
// document the server's own script writes (`npm run generate` at the root does both steps).
import fs from 'node:fs';
import { schemaFromDocument } from './schema-from-document.js';

const source = new URL('../openapi.json', import.meta.url);
const target = new URL('../src/schema.d.ts', import.meta.url);
fs.writeFileSync(target, await schemaFromDocument(fs.readFileSync(source, 'utf8')));
console.log(`wrote ${target.pathname} from ${source.pathname}`);
