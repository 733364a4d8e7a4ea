import fs from 'node:fs';
import path from 'node:path';

/** Owner read and write only: the database holds password hashes and patients' image data. */
const FILE_MODE = 0o600;
/** Owner only, for a folder the server creates. */
const FOLDER_MODE = 0o700;

/**
 * Prepares a SQLite database file that only this user can read: its folder is created 0700
 * when missing, and the file is created (or tightened) 0600 before SQLite opens it. SQLite gives
 * the -wal and -shm files it creates the mode of the database file; ones left by an older start
 * are tightened here too.
 */
export function prepareSqliteFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: FOLDER_MODE });
  fs.closeSync(fs.openSync(file, 'a', FILE_MODE));
  for (const existing of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(existing)) fs.chmodSync(existing, FILE_MODE);
  }
}
