import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';

/**
 * The server's OpenAPI document as JSON text (two-space indents, a final newline), read through
 * app.inject on an in-memory database: no port, no files. The API client is generated from it.
 */
export async function openApiDocument(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-openapi-'));
  const database = await openDatabase({ sqliteFile: ':memory:' });
  const app = await buildApp({
    config: { ...loadConfig({ MEDLABEL_WEB_DIST: '/nonexistent' }), dataDir, demo: false },
    database,
  });
  try {
    const response = await app.inject({ url: '/api/openapi.json' });
    if (response.statusCode !== 200)
      throw new Error(`GET /api/openapi.json answered ${response.statusCode}`);
    return JSON.stringify(response.json(), null, 2) + '\n';
  } finally {
    await app.close();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
