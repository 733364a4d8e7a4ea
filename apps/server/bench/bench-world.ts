import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '../test/crash/client.js';
import { freePort, startServer, type ServerProcess } from '../test/crash/server-process.js';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.js';
import { copyToPostgres } from './copy-to-postgres.js';
import {
  ADMIN_EMAIL,
  BENCH_PASSWORD,
  IMAGE_HOST,
  RESEARCHER_EMAIL,
  annotatorEmail,
  seedBench,
  type BenchWorld,
} from './seed.js';

/** A seeded database served by the real server in its own process, with signed-in clients. */
export interface RunningBench {
  world: BenchWorld;
  server: ServerProcess;
  dataDir: string;
  researcher: Client;
  /** One client per seeded annotator, in the seed's order. */
  annotators: Client[];
  /** Stops the server (and PostgreSQL) and removes the data unless `keep`. */
  stop(): Promise<void>;
}

/**
 * Seeds `images` images into a fresh SQLite database (copied into a throwaway PostgreSQL 18 with
 * fsync on when `postgres`), starts `main.ts` on it and signs in the researcher and annotators.
 */
export async function startBench(options: {
  images: number;
  postgres: boolean;
  log: (line: string) => void;
  analyze?: boolean;
  env?: Record<string, string>;
  keep?: boolean;
}): Promise<RunningBench> {
  const { log } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-bench-'));
  log(`seeding ${options.images} images into ${dataDir}`);
  const world = await seedBench(dataDir, options.images, log, { analyze: options.analyze });
  log(`seeded ${world.annotations} annotations`);

  let postgres: PostgresServer | undefined;
  if (options.postgres) {
    postgres = await startPostgres({ fsync: true });
    log(`copying into PostgreSQL at ${postgres.url}`);
    await copyToPostgres(path.join(dataDir, 'medlabel.db'), postgres.url, log);
  }
  const server = await startServer({
    dataDir,
    port: await freePort(),
    env: {
      MEDLABEL_ADMIN_EMAIL: ADMIN_EMAIL,
      MEDLABEL_ADMIN_PASSWORD: BENCH_PASSWORD,
      MEDLABEL_IMAGE_HOSTS: IMAGE_HOST,
      ...options.env,
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    },
    timeoutMs: 120_000,
  });
  const stop = async () => {
    await server.kill();
    await postgres?.stop();
    if (options.keep) log(`kept ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const researcher = await Client.signIn(server.url, RESEARCHER_EMAIL, BENCH_PASSWORD);
    const annotators: Client[] = [];
    for (let i = 0; i < world.annotatorIds.length; i++)
      annotators.push(await Client.signIn(server.url, annotatorEmail(i), BENCH_PASSWORD));
    return { world, server, dataDir, researcher, annotators, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The machine and its load, as the first lines of a benchmark's output. */
export function logMachine(name: string, log: (line: string) => void): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  log(`${name}, ${new Date().toISOString()}`);
  log(`machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB,`);
  log(
    `  Node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}
