// Builds the web app and starts the real server (tsx apps/server/src/main.ts) on a temporary
// data directory with SQLite and a free port: for the browser tests, screenshots and the benchmark.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ADMIN = { email: 'admin@e2e.test', password: 'e2e passphrase 2026' };
const root = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  readonly baseUrl: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`the server exited (${server.exitCode}):\n${log()}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer /api/health within 60 s:\n${log()}`);
}

export function buildWebApp(): void {
  execFileSync('npm', ['run', 'build', '-w', '@medlabel/web'], { cwd: root, stdio: 'pipe' });
}

/** Starts a server with an empty SQLite database (no demo) and the e2e admin. */
export async function startServer(): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-e2e-'));
  const port = await freePort();
  let output = '';
  const server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MEDLABEL_DATA_DIR: dataDir,
      MEDLABEL_DEMO: '0',
      MEDLABEL_ADMIN_EMAIL: ADMIN.email,
      MEDLABEL_ADMIN_PASSWORD: ADMIN.password,
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, server, () => output);
  return {
    baseUrl,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
