// A real Orthanc with its DICOMweb plugin (Debian `orthanc` and `orthanc-dicomweb`, installed by
// ensureSystemPackages) for the tests and the benchmark: a temporary configuration and storage
// folder, a free loopback port, stopped and removed afterwards.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../crash/server-process.js';
import { ensureSystemPackages } from './system-packages.js';

const ORTHANC = '/usr/sbin/Orthanc';
const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export interface OrthancServer {
  /** `http://127.0.0.1:<port>`: Orthanc's REST API */
  readonly url: string;
  /** `<url>/dicom-web`: the QIDO-RS, WADO-RS and STOW-RS root */
  readonly dicomWebUrl: string;
  /** Every header a request needs (HTTP Basic of the user the server was started with). */
  readonly headers: Record<string, string>;
  /** Stores a Part 10 file through Orthanc's REST API (`POST /instances`); its Orthanc id. */
  store(bytes: Uint8Array): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts Orthanc 1.10 on a free port. Orthanc 1.10 cannot bind to one interface, so remote
 * access is refused (`RemoteAccessAllowed: false`), its DICOM listener is off, and it asks for
 * a password of its own: nothing but this test process talks to it.
 */
export async function startOrthanc(): Promise<OrthancServer> {
  await ensureSystemPackages(['orthanc', 'orthanc-dicomweb']);
  // The free port we picked may be taken before Orthanc binds it (test files start theirs at
  // once): Orthanc then exits while starting, and another port is tried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchOrthanc();
    } catch (error) {
      if (!(error instanceof OrthancExited) || attempt === 3) throw error;
    }
  }
}

class OrthancExited extends Error {}

async function launchOrthanc(): Promise<OrthancServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-orthanc-'));
  const port = await freePort();
  // Random, so that no other test's Orthanc (on a port it took first) accepts our requests.
  const password = randomBytes(16).toString('hex');
  const config = {
    Name: 'medlabel-test',
    HttpPort: port,
    DicomServerEnabled: false,
    DicomPort: await freePort(),
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { medlabel: password },
    StorageDirectory: path.join(root, 'storage'),
    IndexDirectory: path.join(root, 'storage'),
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
    StableAge: 1,
  };
  const configFile = path.join(root, 'orthanc.json');
  fs.writeFileSync(configFile, JSON.stringify(config));
  const child = spawn(ORTHANC, [configFile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-16_384));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const headers = {
    authorization: `Basic ${Buffer.from(`medlabel:${password}`).toString('base64')}`,
  };
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new OrthancExited(`Orthanc exited while starting:\n${output}`);
    }
    const up = await fetch(`${url}/system`, { headers }).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Orthanc did not start in 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    dicomWebUrl: `${url}/dicom-web`,
    headers,
    async store(bytes) {
      const response = await fetch(`${url}/instances`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/dicom' },
        body: new Uint8Array(bytes),
      });
      if (!response.ok)
        throw new Error(`Orthanc refused an instance: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { ID: string }).ID;
    },
    stop,
  };
}
