// `npm run openapi -w @medlabel/server [-- FILE]`: writes the OpenAPI document to FILE, or prints
// it. `npm run generate` writes it to packages/api-client/openapi.json, the client's input.
import fs from 'node:fs';
import { openApiDocument } from './openapi-document.js';

const [target] = process.argv.slice(2);
const document = await openApiDocument();
if (target) fs.writeFileSync(target, document);
else process.stdout.write(document);
