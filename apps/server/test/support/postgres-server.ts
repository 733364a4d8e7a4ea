import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../crash/server-process.js';

const BIN = process.env.MEDLABEL_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Runs a PostgreSQL binary, as the postgres user when we are root (it refuses to run as root). */
function pg(command: string, args: string[]) {
  const binary = path.join(BIN, command);
  if (process.getuid?.() === 0) {
    const quoted = [binary, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    execFileSync('su', ['postgres', '-c', quoted], { stdio: 'pipe' });
  } else {
    execFileSync(binary, args, { stdio: 'pipe' });
  }
}

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  stop(): void;
}

/**
 * Starts a throwaway PostgreSQL 15 server in a temporary folder, on a free port. `fsync: false`
 * for tests (nothing to keep); benchmarks keep PostgreSQL's durable default.
 */
export async function startPostgres(options: { fsync: boolean }): Promise<PostgresServer> {
  if (!fs.existsSync(path.join(BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL 15 binaries not found in ${BIN}: install the Debian "postgresql" package (see .ci/run) or set MEDLABEL_PG_BIN.`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const port = await freePort();
  pg('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  pg('pg_ctl', [
    '-D',
    dir,
    '-o',
    `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=${options.fsync ? 'on' : 'off'} -c max_connections=300`,
    '-l',
    path.join(dir, 'log'),
    '-w',
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      pg('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
