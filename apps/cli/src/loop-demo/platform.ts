/**
 * The platform as its own process: `apps/server/src/main.ts` (run with tsx's loader) on a fresh
 * temporary data directory with SQLite, no demo workspace and a known admin, listening on a port
 * the system picks (PORT=0; the server logs the address it listens at).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PLATFORM_ADMIN = {
  email: 'admin@loop-demo.medlabel.local',
  password: 'loop demo passphrase',
};
const STOP_GRACE_MS = 10_000;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface Platform {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly pid: number;
  /** the last 20,000 characters the server wrote */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period; removes the data directory unless kept. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

async function healthy(baseUrl: string | undefined): Promise<boolean> {
  if (baseUrl === undefined) return false;
  try {
    return (await fetch(`${baseUrl}/api/health`)).ok;
  } catch {
    return false; // not listening yet
  }
}

export async function startPlatform(options: { timeoutMs: number }): Promise<Platform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'medlabel-loop-demo-'));
  const main = fileURLToPath(new URL('./main.ts', import.meta.resolve('@medlabel/server')));
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), main], {
    env: {
      ...process.env,
      MEDLABEL_DATA_DIR: dataDir,
      MEDLABEL_DEMO: '0',
      MEDLABEL_ADMIN_EMAIL: PLATFORM_ADMIN.email,
      MEDLABEL_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
      MEDLABEL_LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Whatever ends this process (an error, Ctrl-C, a kill), the server does not outlive it.
  const killOnExit = () => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  const exitOnSignal = (signal: NodeJS.Signals) => process.exit(signal === 'SIGINT' ? 130 : 143);
  process.once('exit', killOnExit);
  for (const signal of SIGNALS) process.once(signal, exitOnSignal);
  const running = () => child.exitCode === null && child.signalCode === null;

  const stop = async ({ keepData = false } = {}) => {
    process.removeListener('exit', killOnExit);
    for (const signal of SIGNALS) process.removeListener(signal, exitOnSignal);
    if (running()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    if (!keepData) await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + options.timeoutMs;
  const listening = () => /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  while (!(await healthy(listening()))) {
    if (!running() || Date.now() > deadline) {
      const why = running() ? 'timed out' : `exited with ${child.exitCode ?? child.signalCode}`;
      await stop();
      throw new Error(`the platform did not answer /api/health (${why}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseUrl: listening()!, dataDir, pid: child.pid!, output: () => output, stop };
}
