import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { GroupCommit } from '../src/db/group-commit.js';

/** A sync that finishes when the test says so, counting how often it ran. */
function manualSync() {
  const pending: (() => void)[] = [];
  return {
    runs: () => pending.length,
    finish: async (run: number) => {
      pending[run]!();
      // Let the promise chain settle.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    sync: () => new Promise<void>((resolve) => pending.push(resolve)),
  };
}

describe('GroupCommit', () => {
  it('shares one sync among the callers that arrive while another runs', async () => {
    const sync = manualSync();
    const group = new GroupCommit(sync.sync);
    const done: string[] = [];
    void group.flush().then(() => done.push('first'));
    expect(sync.runs()).toBe(1);
    // These wrote after the running sync began: it does not cover them.
    for (const name of ['a', 'b', 'c']) void group.flush().then(() => done.push(name));
    expect(sync.runs()).toBe(1);

    await sync.finish(0);
    expect(done).toEqual(['first']);
    expect(sync.runs()).toBe(2);
    await sync.finish(1);
    expect(done).toEqual(['first', 'a', 'b', 'c']);
    expect(sync.runs()).toBe(2);
  });

  it('starts a fresh sync for a caller after the last one finished', async () => {
    const sync = manualSync();
    const group = new GroupCommit(sync.sync);
    const first = group.flush();
    await sync.finish(0);
    await first;
    void group.flush();
    expect(sync.runs()).toBe(2);
  });

  it('passes a failed sync on to the callers that waited for it', async () => {
    const group = new GroupCommit(() => Promise.reject(new Error('disk gone')));
    await expect(group.flush()).rejects.toThrow('disk gone');
  });
});

describe('durable() of a SQLite file database', () => {
  const openLogs = () =>
    fs
      .readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      })
      .filter((target) => target.endsWith('.db-wal'));

  it.each([
    ['full', 1],
    ['normal', 0],
  ] as const)(
    'with synchronous %s syncs the write-ahead log itself (%i handle)',
    async (synchronous, handles) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-durable-'));
      const file = path.join(dir, 'medlabel.db');
      const database = await openDatabase({ sqliteFile: file, synchronous });
      try {
        const before = openLogs().filter((log) => log.startsWith(dir));
        await database.db
          .insertInto('settings')
          .values({ key: 'probe', value: 'x', created_at: new Date().toISOString() })
          .execute();
        await Promise.all([database.durable(), database.durable(), database.durable()]);
        const after = openLogs().filter((log) => log.startsWith(dir));
        // SQLite holds the log open itself; the sync opens it once more.
        expect(after.length - before.length).toBe(handles);
        const pragma = await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db);
        // NORMAL (1): commits do not fsync on the event loop.
        expect(pragma.rows[0]!.synchronous).toBe(1);
      } finally {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
