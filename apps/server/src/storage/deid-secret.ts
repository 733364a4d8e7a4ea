import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import type { SettingsRepository } from '../db/settings.repository.js';

/** The settings key of the generated secret. */
export const DEID_SECRET_SETTING = 'deid-secret';

export interface DeidSecretSources {
  /** MEDLABEL_DEID_SECRET: when set, it wins and nothing is stored */
  configured: string | undefined;
  settings: SettingsRepository;
  /**
   * `<data dir>/deid-secret`, where a single process kept its generated secret before the
   * database did: adopted the first time, so earlier uploads keep their pseudonyms.
   */
  legacyFile: string;
}

/**
 * The HMAC secret of DICOM de-identification, the same in every server process on one database
 * (same original UID, same pseudonym): the configured one, else the one in the database, else
 * the legacy file's or a new random one, stored by whichever process comes first.
 */
export async function resolveDeidSecret(sources: DeidSecretSources): Promise<string> {
  if (sources.configured) return sources.configured;
  const stored = await sources.settings.get(DEID_SECRET_SETTING);
  if (stored !== undefined) return stored;
  const legacy = await fs.readFile(sources.legacyFile, 'utf8').then(
    (text) => text.trim() || undefined,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  return sources.settings.getOrInsert(
    DEID_SECRET_SETTING,
    legacy ?? randomBytes(32).toString('hex'),
  );
}
