// Credentials of image sources are sealed at rest under a key outside the database: the stored
// column never holds the header, a start seals what an older version stored in clear, and the
// key comes from MEDLABEL_CREDENTIALS_KEY or a private key file shared through the data dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCredentialsKey } from '../src/storage/credentials-key.js';
import { SecretBox } from '../src/storage/secret-box.js';
import { SourcesRepository } from '../src/sources/sources.repository.js';
import { createTestApp, type Caller, type TestApp } from './support/app.js';
import { DIALECTS } from './support/database.js';

const HEADER = 'Bearer 7f3c-source-token-that-must-not-be-stored';

describe('credentials key', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-key-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is generated once into a file only its owner reads, and read back by later starts', () => {
    const keyFile = path.join(dir, 'data', 'credentials.key');
    const first = resolveCredentialsKey({ configured: undefined, keyFile });
    expect(first).toHaveLength(32);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(resolveCredentialsKey({ configured: undefined, keyFile })).toEqual(first);
    expect(fs.readdirSync(path.dirname(keyFile))).toEqual(['credentials.key']);
  });

  it('takes a configured key as base64 or hex, and refuses one of another length', () => {
    const keyFile = path.join(dir, 'unused.key');
    const bytes = Buffer.alloc(32, 7);
    expect(resolveCredentialsKey({ configured: bytes.toString('base64'), keyFile })).toEqual(bytes);
    expect(resolveCredentialsKey({ configured: bytes.toString('hex'), keyFile })).toEqual(bytes);
    expect(() =>
      resolveCredentialsKey({ configured: Buffer.alloc(16).toString('base64'), keyFile }),
    ).toThrow(/MEDLABEL_CREDENTIALS_KEY must hold a 32-byte key/);
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it('opens only what it sealed, and says so when the key differs', () => {
    const box = new SecretBox(Buffer.alloc(32, 1));
    const sealed = box.seal(HEADER);
    expect(sealed).not.toContain('source-token');
    expect(box.seal(HEADER)).not.toBe(sealed);
    expect(box.open(sealed)).toBe(HEADER);
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed)).toThrow(
      /does not open with this credentials key/,
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`sealed source credentials (${dialect})`, () => {
    let t: TestApp;
    let admin: Caller;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.user('admin@example.org', 'admin');
      admin = await t.login('admin@example.org');
    });
    afterAll(() => t.close());

    const storedAuthorization = async (id: number) =>
      (
        await t.database.db
          .selectFrom('image_sources')
          .select('authorization')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).authorization;
    const repository = () =>
      new SourcesRepository(
        t.database.db,
        new SecretBox(
          resolveCredentialsKey({
            configured: undefined,
            keyFile: path.join(t.dataDir, 'credentials.key'),
          }),
        ),
      );

    it('stores a registered or changed header sealed, and reads it back whole', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/sources',
        headers: admin,
        payload: {
          name: 'Sealed PACS',
          baseUrl: 'http://127.0.0.1:9/dicom-web',
          authorization: HEADER,
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const { id } = response.json<{ id: number }>();
      expect(await storedAuthorization(id)).toMatch(/^sealed:v1:/);
      expect(await storedAuthorization(id)).not.toContain('source-token');
      expect((await repository().findById(id))?.authorization).toBe(HEADER);

      const changed = await t.app.inject({
        method: 'PATCH',
        url: `/api/sources/${id}`,
        headers: admin,
        payload: { authorization: 'Basic bmV3OnNlY3JldA==' },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(await storedAuthorization(id)).not.toContain('bmV3OnNlY3JldA');
      expect((await repository().findById(id))?.authorization).toBe('Basic bmV3OnNlY3JldA==');
    });

    it('seals a header an older version stored in clear, once', async () => {
      const { id } = await t.database.db
        .insertInto('image_sources')
        .values({
          name: 'Legacy PACS',
          kind: 'dicomweb',
          base_url: 'http://127.0.0.1:9/legacy',
          authorization: HEADER,
          created_by: 1,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect((await repository().findById(id))?.authorization).toBe(HEADER);
      expect(await t.app.services.sources.sealClearCredentials()).toBe(1);
      expect(await storedAuthorization(id)).toMatch(/^sealed:v1:/);
      expect((await repository().findById(id))?.authorization).toBe(HEADER);
      expect(await t.app.services.sources.sealClearCredentials()).toBe(0);
    });
  });
}
