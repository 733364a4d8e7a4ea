import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('the SQLite database files', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-files-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are readable by the server’s user only, in a data dir only it can enter', async () => {
    const dataDir = path.join(root, 'fresh', 'data');
    const file = path.join(dataDir, 'medlabel.db');
    const database = await openDatabase({ sqliteFile: file });
    try {
      // A write makes SQLite create the -wal and -shm files beside the database.
      await database.db
        .insertInto('users')
        .values({
          email: 'a@example.org',
          name: 'A',
          password_hash: 'x',
          role: 'annotator',
          active: 1,
          expertise: '[]',
          created_at: new Date().toISOString(),
        })
        .execute();
      expect(modeOf(dataDir)).toBe(0o700);
      for (const name of ['medlabel.db', 'medlabel.db-wal', 'medlabel.db-shm'])
        expect([name, modeOf(path.join(dataDir, name))]).toEqual([name, 0o600]);
    } finally {
      await database.close();
    }
  });

  it('are tightened when an earlier version left them readable by others', async () => {
    const file = path.join(root, 'old.db');
    const files = [file, `${file}-wal`, `${file}-shm`];
    for (const name of files) {
      fs.writeFileSync(name, '');
      fs.chmodSync(name, 0o644);
    }
    const database = await openDatabase({ sqliteFile: file });
    try {
      // Checked while open: SQLite deletes the -wal and -shm files when it closes.
      expect(files.map(modeOf)).toEqual([0o600, 0o600, 0o600]);
    } finally {
      await database.close();
    }
  });
});
