import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TemplateDefinition } from '@medlabel/schema';
import { buildApp, type AppOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database, DialectName } from '../../src/db/database.js';
import type { Role } from '../../src/auth/actor.js';
import { openTestDatabase } from './database.js';

export const PASSWORD = 'correct horse battery';

/** Request headers that sign a caller in: session cookie plus CSRF header, or a bearer token. */
export type Caller = Record<string, string>;

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  dataDir: string;
  close(): Promise<void>;
  /** Creates a user directly through the service (no admin needed). */
  user(
    email: string,
    role: Role,
    expertise?: {
      specialty: string;
      modality: string;
      level: 'novice' | 'intermediate' | 'advanced' | 'expert';
    }[],
  ): Promise<number>;
  login(email: string, password?: string): Promise<Caller>;
}

export async function createTestApp(
  dialect: DialectName,
  env: NodeJS.ProcessEnv = {},
  log?: AppOptions['log'],
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-test-'));
  const config = loadConfig({
    MEDLABEL_DATA_DIR: dataDir,
    MEDLABEL_WEB_DIST: path.join(dataDir, 'no-web'),
    ...env,
  });
  const database = await openTestDatabase(dialect);
  const app = await buildApp({ config, database, ...(log ? { log } : {}) });
  await app.ready();
  return {
    app,
    database,
    dataDir,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async user(email, role, expertise = []) {
      const user = await app.services.users.insert({
        email,
        name: email.split('@')[0]!,
        password: PASSWORD,
        role,
        expertise,
      });
      return user.id;
    },
    async login(email, password = PASSWORD) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password },
      });
      if (response.statusCode !== 200)
        throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      const session = response.cookies.find((c) => c.name === 'medlabel_session')!;
      const { csrfToken } = response.json<{ csrfToken: string }>();
      return { cookie: `medlabel_session=${session.value}`, 'x-csrf-token': csrfToken };
    },
  };
}

/** A template with image labels, a polygon tool and a number field. */
export function exampleDefinition(name = 'Echo view'): TemplateDefinition {
  return {
    formatVersion: 1,
    name,
    classification: {
      choice: 'single',
      required: true,
      labels: [{ name: 'CW Doppler' }, { name: 'PW Doppler' }, { name: 'B-mode' }],
    },
    tools: [
      { kind: 'polygon', id: 'lv', title: 'Left ventricle', labels: [{ name: 'LV endocardium' }] },
    ],
    fields: [{ kind: 'number', id: 'quality', title: 'Quality', min: 1, max: 5 }],
  };
}

export function expectProblem(response: LightMyRequestResponse, status: number) {
  if (response.statusCode !== status) {
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  }
  if (!response.headers['content-type']?.toString().startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${String(response.headers['content-type'])}`);
  }
}
