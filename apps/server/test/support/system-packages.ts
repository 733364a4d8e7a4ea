// Debian packages some tests need (validators, a DICOMweb server), provisioned by the tests
// themselves: installed with apt-get as root, or a one-line failure naming them otherwise.
// Never a silent skip.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const APT_LISTS = '/var/lib/apt/lists';
const DAY_MS = 24 * 60 * 60 * 1000;
/** apt-get waits this long for a lock another test process holds instead of failing at once */
const LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=600'];
const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };

/**
 * Makes sure the Debian packages are installed (e.g. `['dicom3tools', 'dcmtk']`). Missing ones are
 * installed with `apt-get install -y` as root, after `apt-get update` when the package lists are
 * absent or older than a day; not root, it throws one line naming the missing packages.
 */
export async function ensureSystemPackages(packages: readonly string[]): Promise<void> {
  const missing = [];
  for (const name of packages) if (!(await installed(name))) missing.push(name);
  if (missing.length === 0) return;
  const names = missing.join(' ');
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${names} (as root: apt-get install -y ${names})`);
  }
  try {
    if (listsStale()) await run('apt-get', [...LOCK_WAIT, 'update'], { env: APT_ENV });
    await run('apt-get', [...LOCK_WAIT, 'install', '-y', '--no-install-recommends', ...missing], {
      env: APT_ENV,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? '';
    throw new Error(`apt-get install -y ${names} failed: ${stderr || String(error)}`);
  }
  const still = [];
  for (const name of missing) if (!(await installed(name))) still.push(name);
  if (still.length > 0) throw new Error(`apt-get did not install: ${still.join(' ')}`);
}

async function installed(name: string): Promise<boolean> {
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f=${Status}', name]);
    return stdout.trim() === 'install ok installed';
  } catch {
    return false; // dpkg-query exits 1 for a package it has never seen
  }
}

/** true when no package list is there, or the newest is older than a day */
function listsStale(): boolean {
  let newest = 0;
  try {
    for (const entry of fs.readdirSync(APT_LISTS, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name === 'lock') continue;
      newest = Math.max(newest, fs.statSync(path.join(APT_LISTS, entry.name)).mtimeMs);
    }
  } catch {
    return true;
  }
  return newest === 0 || Date.now() - newest > DAY_MS;
}
