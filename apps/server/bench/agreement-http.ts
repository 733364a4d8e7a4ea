// The agreement of a 10,000-image, 3-reader collection through the HTTP API, as a researcher
// opens the agreement page: the real server (buildApp) on a SQLite file, the readings inserted
// directly (30,000 API saves would take minutes), then GET /agreement the first time (every
// image summarised and its summary stored), right after 1% of the images were read again through
// the API, after another 1% once the background analysis those saves asked for has run, and
// after a restart (nothing in memory: every summary read back from the database).
// Run: npx tsx apps/server/bench/agreement-http.ts [images] [readers]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnnotationPayload } from '@medlabel/schema';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { definition, readingStudy } from './agreement-study.js';

const images = Number(process.argv[2] ?? 10_000);
const readers = Number(process.argv[3] ?? 3);
const PASSWORD = 'bench-password-1234';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-agreement-'));
const config = loadConfig({
  MEDLABEL_DATA_DIR: dataDir,
  MEDLABEL_WEB_DIST: path.join(dataDir, 'no-web'),
  MEDLABEL_IMAGE_HOSTS: 'images.example.org',
});
const sqliteFile = path.join(dataDir, 'medlabel.db');

async function start() {
  const database = await openDatabase({ sqliteFile });
  const app = await buildApp({ config, database });
  await app.ready();
  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    as: Caller,
    payload?: object,
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: as,
      ...(payload ? { payload } : {}),
    });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.body.slice(0, 500)}`);
    return response;
  };
  const login = async (email: string): Promise<Caller> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
    });
    const session = response.cookies.find((c) => c.name === 'medlabel_session')!;
    const { csrfToken } = response.json<{ csrfToken: string }>();
    return { cookie: `medlabel_session=${session.value}`, 'x-csrf-token': csrfToken };
  };
  return { app, database, call, login, stop: () => app.close().then(() => database.close()) };
}
type Caller = Record<string, string>;

const study = readingStudy(images, readers);
let server = await start();
const user = (email: string, role: 'researcher' | 'annotator') =>
  server.app.services.users.insert({ email, name: email, password: PASSWORD, role, expertise: [] });
await user('researcher@bench.test', 'researcher');
const readerIds: number[] = [];
for (const r of study.readers) readerIds.push((await user(r.email, 'annotator')).id);
let researcher = await server.login('researcher@bench.test');
const templateId = (await server.call('POST', '/api/templates', researcher, { definition })).json<{
  id: number;
}>().id;
const imageIds: number[] = [];
for (let start = 0; start < images; start += 1000) {
  const batch = Array.from({ length: Math.min(1000, images - start) }, (_, k) => ({
    url: `https://images.example.org/${start + k}.png`,
    width: 512,
    height: 512,
    metadata: { pixelSpacing: [0.7, 0.7] },
  }));
  const response = await server.call('POST', '/api/images', researcher, { images: batch });
  imageIds.push(...response.json<{ ids: number[] }>().ids);
}
const collectionId = (
  await server.call('POST', '/api/collections', researcher, {
    name: 'Agreement bench',
    templateId,
    readersPerImage: readers,
    imageIds,
  })
).json<{ id: number }>().id;
for (const id of readerIds) {
  await server.call('PUT', `/api/collections/${collectionId}/assignments/${id}`, researcher, {
    kind: 'annotate',
  });
}
const now = new Date().toISOString();
const rows = study.images.flatMap((image, i) =>
  image.readings!.map((payload, j) => ({
    collection_id: collectionId,
    image_id: imageIds[i]!,
    author_key: `u:${readerIds[j]}`,
    annotator_id: readerIds[j]!,
    source: 'human' as const,
    status: 'submitted' as const,
    template_id: templateId,
    template_version: 1,
    payload,
    version: 1,
    time_spent_ms: 1000,
    created_at: now,
    updated_at: now,
  })),
);
for (let start = 0; start < rows.length; start += 500) {
  await server.database.db
    .insertInto('annotations')
    .values(rows.slice(start, start + 500))
    .execute();
}

const agreementUrl = `/api/collections/${collectionId}/agreement`;
const timed = async (what: string) => {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const response = await server.call('GET', agreementUrl, researcher);
  const used = process.cpuUsage(cpu);
  const report = response.json<{ images: number; disagreements: number }>();
  console.log(
    `  ${what}: ${((performance.now() - wall) / 1000).toFixed(2)} s wall, ` +
      `${((used.user + used.system) / 1e6).toFixed(2)} s CPU (${report.images} images, ` +
      `${report.disagreements} to adjudicate; load ${os.loadavg()[0]!.toFixed(1)})`,
  );
};
console.log(`agreement of ${images} images x ${readers} readers through GET ${agreementUrl}:`);
await timed('first time (every image summarised)');
await timed('again, nothing changed (the analysis kept in memory)');

// The last reader reads 1% of the images again (every 100th from `first`), with another label,
// through the API.
const last = await server.login(study.readers[readers - 1]!.email);
const readAgain = async (first: number) => {
  for (let i = first; i < images; i += 100) {
    const payload = JSON.parse(study.images[i]!.readings![readers - 1]!) as AnnotationPayload;
    payload.labels = [payload.labels[0] === 'normal' ? 'benign' : 'normal'];
    await server.call(
      'PUT',
      `/api/collections/${collectionId}/images/${imageIds[i]}/annotation`,
      last,
      { payload, status: 'submitted', timeSpentMs: 1000, baseVersion: 1 },
    );
  }
};
await readAgain(0);
await timed('after 1% of the images were read again, at once');
await server.app.services.agreement.backgroundSettled();
await readAgain(50);
// The submissions asked for a background analysis (MEDLABEL_AGREEMENT_REFRESH_MS after the
// first): the report is opened after it ran, as a researcher opening it later finds it.
const background = performance.now();
await server.app.services.agreement.backgroundSettled();
console.log(
  `  background analysis after another 1% was read again: done ` +
    `${((performance.now() - background) / 1000).toFixed(2)} s after the last save`,
);
await timed('after it, the report opened');

await server.stop();
server = await start();
researcher = await server.login('researcher@bench.test');
await timed('after a restart (every summary read back from the database)');
await timed('again, nothing changed');
await server.stop();
fs.rmSync(dataDir, { recursive: true, force: true });
