// The Debian validators a DICOM file we write must pass: dciodvfy (dicom3tools) checks the IOD,
// its modules and values; dcmdump (dcmtk) parses the whole file. Installed by the test set-up.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureSystemPackages } from './system-packages.js';

const run = promisify(execFile);

/** Installs dicom3tools and dcmtk when missing (see ensureSystemPackages). */
export const ensureDicomValidators = () => ensureSystemPackages(['dicom3tools', 'dcmtk']);

export interface Validation {
  /** dciodvfy's and dcmdump's error lines; empty when the file passes both */
  errors: string[];
  /** dciodvfy's warnings (e.g. our private coding scheme), for the record */
  warnings: string[];
  /** dcmdump's dump */
  dump: string;
}

/** Runs both validators on the bytes. */
export async function validateDicom(bytes: Uint8Array): Promise<Validation> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-validate-'));
  const file = path.join(dir, 'object.dcm');
  try {
    fs.writeFileSync(file, bytes);
    // dciodvfy reports on stderr and exits 0 even with errors: its lines decide.
    const iod = await run('dciodvfy', [file]).catch((e: { stdout: string; stderr: string }) => e);
    const lines = `${iod.stdout}\n${iod.stderr}`.split('\n');
    const dump = await run('dcmdump', [file], { maxBuffer: 64 * 1024 * 1024 }).catch(
      (e: { stdout: string; stderr: string; code: number }) => ({
        stdout: e.stdout,
        stderr: `${e.stderr}\nE: dcmdump exited with ${e.code}`,
      }),
    );
    const dumpErrors = dump.stderr.split('\n').filter((l) => /^(E|F):/.test(l));
    return {
      errors: [...lines.filter((l) => l.startsWith('Error')), ...dumpErrors],
      warnings: lines.filter((l) => l.startsWith('Warning')),
      dump: dump.stdout,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The entries of a ZIP whose files are stored (method 0), as the exports write them. */
export function unzipStored(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extra = archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
    const offset = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt =
      offset + 30 + archive.readUInt16LE(offset + 26) + archive.readUInt16LE(offset + 28);
    out.set(name, archive.subarray(dataAt, dataAt + size));
    at += 46 + nameLength + extra;
  }
  return out;
}
