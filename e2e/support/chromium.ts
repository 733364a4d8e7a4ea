/**
 * The Chromium the browser tests drive: $CHROMIUM_PATH (a system Chromium), else the one npm's
 * @sparticuz/chromium ships, unpacked once per version and user into the temp folder with the
 * NSS libraries it links and its font (Open Sans), so nothing needs installing by hand.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';

export interface ChromiumInstall {
  readonly executablePath: string;
  /** The environment the packaged Chromium needs (its libraries and fonts); none for a system one. */
  readonly env?: Record<string, string>;
}

const PACKAGE = '@sparticuz/chromium';

function decompress(file: string, to: NodeJS.WritableStream): Promise<void> {
  return pipeline(fs.createReadStream(file), createBrotliDecompress(), to);
}

/** Unpacks a .tar.br archive into `dir` (Node has no tar reader: Debian's essential tar does it). */
async function untar(file: string, dir: string): Promise<void> {
  const tar = path.join(dir, 'archive.tar');
  await decompress(file, fs.createWriteStream(tar));
  execFileSync('tar', ['-xf', tar, '-C', dir]);
  fs.rmSync(tar);
}

/** Fills `dir` through a staging folder, so a concurrent or interrupted unpack leaves no half. */
async function unpack(bin: string, dir: string): Promise<void> {
  const staging = fs.mkdtempSync(`${dir}.tmp-`);
  const chromium = fs.createWriteStream(path.join(staging, 'chromium'), { mode: 0o755 });
  await decompress(path.join(bin, 'chromium.br'), chromium);
  await untar(path.join(bin, 'fonts.tar.br'), staging); // fonts/ (and a fonts.conf for /tmp)
  await untar(path.join(bin, 'al2023.tar.br'), staging); // lib/: NSS, NSPR and expat
  fs.writeFileSync(
    path.join(staging, 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${dir}/fonts</dir>\n  <cachedir>${dir}/fonts-cache</cachedir>\n</fontconfig>\n`,
  );
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'chromium'))) throw error; // else another process was first
  }
}

async function packagedChromium(): Promise<ChromiumInstall> {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(PACKAGE);
  } catch {
    throw new Error(
      `No Chromium for the browser tests: install the npm package ${PACKAGE} (npm ci does) or set CHROMIUM_PATH to a Chromium.`,
    );
  }
  const root = path.join(path.dirname(entry), '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const dir = path.join(os.tmpdir(), `medlabel-chromium-${version}-${os.userInfo().uid}`);
  if (!fs.existsSync(path.join(dir, 'chromium'))) await unpack(path.join(root, 'bin'), dir);
  const libraries = [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean);
  const env = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return {
    executablePath: path.join(dir, 'chromium'),
    env: { ...env, FONTCONFIG_PATH: dir, LD_LIBRARY_PATH: libraries.join(':') },
  };
}

let install: Promise<ChromiumInstall> | undefined;

/** The Chromium to launch, unpacked on the first call of a process. */
export function chromiumInstall(): Promise<ChromiumInstall> {
  const system = process.env.CHROMIUM_PATH;
  if (system) {
    if (!fs.existsSync(system)) throw new Error(`CHROMIUM_PATH=${system} does not exist.`);
    return Promise.resolve({ executablePath: system });
  }
  install ??= packagedChromium();
  return install;
}
