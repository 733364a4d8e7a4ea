import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Shares one fsync among every caller that needs it: `flush()` resolves once everything written
 * before the call is on disk. A caller that arrives while an fsync is running waits for the next
 * one (the running one may have started before its write); every caller arriving meanwhile shares
 * that next one, so under load one fsync covers many commits.
 */
export class GroupCommit {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly sync: () => Promise<void>) {}

  flush(): Promise<void> {
    if (!this.running) {
      this.running = this.sync().finally(() => (this.running = undefined));
      return this.running;
    }
    this.next ??= this.running.then(() => {
      this.next = undefined;
      return this.flush();
    });
    return this.next;
  }
}

/**
 * fsync of a SQLite database's write-ahead log on libuv's thread pool, for a database opened with
 * `synchronous = NORMAL`: commits then only write the log (no fsync on the event loop, which
 * costs about 5 ms a commit here), and a write is acknowledged after this has run once since its
 * commit. SQLite still syncs the log and the database itself around each checkpoint. The log
 * file keeps its inode while the database is open (SQLite rewinds it rather than replacing it).
 */
export function walSync(databaseFile: string): GroupCommit {
  let handle: Promise<fs.FileHandle> | undefined;
  const openLog = async () => {
    const log = await fs.open(`${databaseFile}-wal`, 'r');
    // The log's directory entry must be on disk too, once.
    const directory = await fs.open(path.dirname(databaseFile), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    return log;
  };
  return new GroupCommit(async () => {
    handle ??= openLog().catch((error: unknown) => {
      handle = undefined;
      throw error;
    });
    await (await handle).sync();
  });
}
