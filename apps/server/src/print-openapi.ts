import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';

/** Prints the OpenAPI document without listening (for generating the API client). */
const database = await openDatabase({ sqliteFile: ':memory:' });
const app = await buildApp({ config: loadConfig({ MEDLABEL_WEB_DIST: '/nonexistent' }), database });
await app.ready();
const response = await app.inject({ url: '/api/openapi.json' });
process.stdout.write(JSON.stringify(response.json(), null, 2) + '\n');
await app.close();
await database.close();
