import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/database.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write is answered only once it is on disk: before a successful answer to anything but a read,
 * wait for the database's `durable()` (on SQLite an fsync of the log shared by every commit since
 * the last one, on libuv's thread pool instead of inside each commit on the event loop).
 */
export const durableWrites = fp(function durableWrites(
  app: FastifyInstance,
  options: { database: Database },
) {
  app.addHook('onSend', async (request, reply) => {
    if (!READS.has(request.method) && reply.statusCode < 400) await options.database.durable();
  });
});
