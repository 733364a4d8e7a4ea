import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** Starts a throwaway PostgreSQL server for the whole run and stops it afterwards. */
export default async function setup(project: TestProject) {
  const server = await startPostgres({ fsync: false });
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
