import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;
const WORKER = new URL('../../src/worker.ts', import.meta.url).pathname;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A real server (or job worker) in its own process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** The last 64 KiB of stdout and stderr, for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hook runs, as in a crash. Resolves once the process is gone. */
  kill(): Promise<void>;
}

/**
 * Runs `entry` with Node and tsx's loader in one process (the tsx CLI would put a second
 * process in between that a SIGKILL does not reach) until `ready` says it is up.
 */
async function startProcess(
  entry: string,
  env: Record<string, string>,
  ready: (output: string) => Promise<boolean>,
  timeoutMs: number,
): Promise<Omit<ServerProcess, 'url'>> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: path.dirname(entry),
    env: { ...process.env, MEDLABEL_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-65_536));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited early:\n${output}`);
    if (await ready(output)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${entry} did not start in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** `apps/server/src/main.ts` on `dataDir` (SQLite unless env sets DATABASE_URL), over HTTP. */
export async function startServer(options: {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const started = await startProcess(
    MAIN,
    {
      MEDLABEL_DATA_DIR: options.dataDir,
      MEDLABEL_WEB_DIST: path.join(options.dataDir, 'no-web'),
      HOST: '127.0.0.1',
      PORT: String(options.port),
      ...options.env,
    },
    async () => {
      try {
        return (await fetch(`${url}/api/health`)).ok;
      } catch {
        return false; // not listening yet
      }
    },
    options.timeoutMs ?? 30_000,
  );
  return { url, ...started };
}

/** `apps/server/src/worker.ts`: a job worker process beside the servers. */
export async function startWorker(options: {
  dataDir: string;
  env?: Record<string, string>;
}): Promise<Omit<ServerProcess, 'url'>> {
  return startProcess(
    WORKER,
    { MEDLABEL_DATA_DIR: options.dataDir, ...options.env },
    (output) => Promise.resolve(output.includes('is waiting for jobs')),
    30_000,
  );
}
