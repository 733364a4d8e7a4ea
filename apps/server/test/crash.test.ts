import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from './crash/client.js';
import { freePort, startServer, type ServerProcess } from './crash/server-process.js';
import { createPostgresDatabase, DIALECTS } from './support/database.js';

/*
 * Process-crash durability: real server processes on one database (a SQLite data dir, then a
 * PostgreSQL database), concurrent clients
 * saving annotations over HTTP, SIGKILL in the middle of the stream, restart, and every save
 * the server acknowledged (a 2xx answer) must be there with its exact payload. This catches an
 * acknowledgement sent before the commit (write-behind, batching, a transaction left open).
 * What it cannot catch is a lost OS page cache: after a killed process the kernel still writes
 * its pages, so synchronous=OFF passes here; power-loss durability rests on synchronous=FULL
 * in db/database.ts (and on PostgreSQL's fsync).
 */

const ADMIN_EMAIL = 'admin@crash.test';
const ADMIN_PASSWORD = 'crash test passphrase';
const ANNOTATORS = 4;
const WRITERS = 8;
const IMAGES = 48;
/** Kill once this many saves are acknowledged (or after KILL_AFTER_MS). */
const KILL_AT_ACKS = 400;
const KILL_AFTER_MS = 8_000;

const definition: TemplateDefinition = {
  formatVersion: 1,
  name: 'Crash test',
  classification: {
    choice: 'single',
    required: false,
    labels: [{ name: 'normal' }, { name: 'abnormal' }],
  },
  tools: [{ kind: 'keypoint', id: 'marks', title: 'Marks', keypoints: [{ name: 'spot' }] }],
  fields: [{ kind: 'text', id: 'note', title: 'Note', maxLength: 2000 }],
};

interface Ack {
  annotatorId: number;
  imageId: number;
  version: number;
  payload: AnnotationPayload;
}

interface Annotation {
  id: number;
  annotatorId: number | null;
  version: number;
  payload: AnnotationPayload;
}

/** A payload that differs on every save, so that a stale row cannot pass for the latest one. */
function payloadFor(writer: number, imageId: number, save: number): AnnotationPayload {
  return {
    labels: [save % 2 === 0 ? 'normal' : 'abnormal'],
    shapes: [
      {
        kind: 'keypoint',
        id: `k${save}`,
        tool: 'marks',
        name: 'spot',
        points: [{ x: (save * 7) % 100, y: (imageId * 3 + save) % 80 }],
      },
    ],
    values: { note: `writer ${writer}, image ${imageId}, save ${save}` },
  };
}

for (const dialect of DIALECTS) {
  describe(`crash durability (${dialect})`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medlabel-crash-'));
    let server: ServerProcess | undefined;

    afterAll(async () => {
      await server?.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('keeps every acknowledged annotation save across a SIGKILL', async () => {
      const env = {
        MEDLABEL_ADMIN_EMAIL: ADMIN_EMAIL,
        MEDLABEL_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ...(dialect === 'postgres' ? { DATABASE_URL: await createPostgresDatabase() } : {}),
      };
      server = await startServer({
        dataDir,
        port: await freePort(),
        env: { ...env, MEDLABEL_IMAGE_HOSTS: 'images.example.org' },
      });
      const admin = await Client.signIn(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      const template = await admin.ok<{ id: number }>('POST', '/api/templates', { definition });
      const { ids: imageIds } = await admin.ok<{ ids: number[] }>('POST', '/api/images', {
        images: Array.from({ length: IMAGES }, (_, i) => ({
          url: `https://images.example.org/crash/${i}.png`,
          width: 100,
          height: 80,
        })),
      });
      const collection = await admin.ok<{ id: number }>('POST', '/api/collections', {
        name: 'Crash test',
        templateId: template.id,
        readersPerImage: ANNOTATORS,
        imageIds,
      });
      const annotators: { id: number; client: Client }[] = [];
      for (let a = 0; a < ANNOTATORS; a++) {
        const email = `reader${a}@crash.test`;
        const user = await admin.ok<{ id: number }>('POST', '/api/users', {
          email,
          name: `Reader ${a}`,
          password: ADMIN_PASSWORD,
          role: 'annotator',
        });
        await admin.ok('PUT', `/api/collections/${collection.id}/assignments/${user.id}`, {
          kind: 'annotate',
        });
        annotators.push({
          id: user.id,
          client: await Client.signIn(server.url, email, ADMIN_PASSWORD),
        });
      }

      // Each writer is one annotator working through its own images, so writers never race each
      // other: every non-2xx answer before the kill is a defect.
      const acks = new Map<string, Ack>();
      const unexpected: string[] = [];
      let acknowledged = 0;
      let failedInFlight = 0;
      let stopped = false;
      const writer = async (w: number) => {
        const { id: annotatorId, client } = annotators[w % ANNOTATORS]!;
        const mine = imageIds.filter((_, i) => i % WRITERS === w);
        const versions = new Map<number, number>();
        for (let save = 0; !stopped; save++) {
          const imageId = mine[save % mine.length]!;
          const payload = payloadFor(w, imageId, save);
          const baseVersion = versions.get(imageId);
          let reply;
          try {
            reply = await client.send<{ version: number }>(
              'PUT',
              `/api/collections/${collection.id}/images/${imageId}/annotation`,
              { payload, status: save % 3 === 0 ? 'submitted' : 'draft', baseVersion },
            );
          } catch {
            failedInFlight += 1; // the server died under this request: not acknowledged
            return;
          }
          if (reply.status !== 200 && reply.status !== 201) {
            unexpected.push(`${reply.status} ${JSON.stringify(reply.body)}`);
            return;
          }
          acknowledged += 1;
          versions.set(imageId, reply.body.version);
          acks.set(`${annotatorId}:${imageId}`, {
            annotatorId,
            imageId,
            version: reply.body.version,
            payload,
          });
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      const started = Date.now();
      while (acks.size < IMAGES || acknowledged < KILL_AT_ACKS) {
        if (Date.now() - started > KILL_AFTER_MS || unexpected.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await server.kill();
      stopped = true;
      await Promise.all(writers);
      expect(unexpected).toEqual([]);
      expect(acks.size).toBe(IMAGES);
      // The kill landed mid-stream: requests were in flight.
      expect(failedInFlight).toBeGreaterThan(0);

      server = await startServer({ dataDir, port: await freePort(), env });
      // The admin's API token was itself a committed write.
      const after = admin.at(server.url);
      for (const ack of acks.values()) {
        const base = `/api/collections/${collection.id}/images/${ack.imageId}`;
        const [current] = (await after.ok<Annotation[]>('GET', `${base}/annotations`)).filter(
          (a) => a.annotatorId === ack.annotatorId,
        );
        expect(current, `annotation of ${ack.annotatorId} on ${ack.imageId}`).toBeDefined();
        expect(current!.version).toBeGreaterThanOrEqual(ack.version);
        // A later, unacknowledged save may have committed too; the acknowledged version stays in
        // the history with its exact payload.
        const history = await after.ok<{ version: number; payload: AnnotationPayload }[]>(
          'GET',
          `/api/annotations/${current!.id}/history`,
        );
        expect(history.find((e) => e.version === ack.version)?.payload).toEqual(ack.payload);
        if (current!.version === ack.version) expect(current!.payload).toEqual(ack.payload);
      }
    }, 60_000);
  });
}
