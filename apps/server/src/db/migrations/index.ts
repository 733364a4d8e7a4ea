import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.js';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-progress-and-confidence.js';
import * as m0003 from './0003-search-and-queue.js';
import * as m0004 from './0004-image-metadata.js';
import * as m0005 from './0005-labeling-loops.js';
import * as m0006 from './0006-settings.js';
import * as m0007 from './0007-token-expiry-and-password-throttle.js';
import * as m0008 from './0008-save-idempotency-keys.js';
import * as m0009 from './0009-body-part-any-case.js';
import * as m0010 from './0010-image-sources.js';
import * as m0013 from './0013-reading-studies.js';
import * as m0014 from './0014-reviewer-role.js';
import * as m0015 from './0015-loop-round-guarantees.js';
import * as m0016 from './0016-upload-instance-unique.js';
import * as m0017 from './0017-agreement-images.js';

/** One schema step, in its own frozen file `NNNN-name.ts`. */
interface MigrationFile {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/**
 * Every migration by name, applied in name order at start. The names are what databases record
 * as applied, so they never change; a new migration is the next file, listed here.
 */
const FILES: Record<string, MigrationFile> = {
  '0001-initial': m0001,
  '0002-progress-and-confidence': m0002,
  '0003-search-and-queue': m0003,
  '0004-image-metadata': m0004,
  '0005-labeling-loops': m0005,
  '0006-settings': m0006,
  '0007-token-expiry-and-password-throttle': m0007,
  '0008-save-idempotency-keys': m0008,
  '0009-body-part-any-case': m0009,
  '0010-image-sources': m0010,
  '0013-reading-studies': m0013,
  '0014-reviewer-role': m0014,
  '0015-loop-round-guarantees': m0015,
  '0016-upload-instance-unique': m0016,
  '0017-agreement-images': m0017,
};

/** The migrations for Kysely's Migrator, bound to the database's dialect. */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(FILES).map(([name, file]) => [name, { up: (db) => file.up(db, dialect) }]),
  );
}
