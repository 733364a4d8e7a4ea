// Builds the web app and starts one real server for all browser tests (see support/server.ts).
import type { TestProject } from 'vitest/node';
import { chromiumInstall } from './support/chromium.js';
import { ADMIN, buildWebApp, startServer } from './support/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    admin: { email: string; password: string };
  }
}

export default async function setup(project: TestProject) {
  buildWebApp();
  await chromiumInstall(); // unpacks the packaged Chromium once, before the test files start
  const server = await startServer();
  project.provide('baseUrl', server.baseUrl);
  project.provide('admin', ADMIN);
  return () => server.stop();
}
