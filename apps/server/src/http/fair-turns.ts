import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Requests start one per turn of the event loop, in the order they arrived.
 *
 * Why: better-sqlite3 answers queries synchronously, so a request's database work runs inside
 * the turn that starts it, and Node (libuv 1.46) accepts one new connection per turn. When
 * every request that is ready starts in the same turn, a turn under 200 busy clients lasts
 * hundreds of milliseconds, and new connections wait in the kernel's accept queue for tens of
 * seconds (measured: 160 connections not accepted for 20 s, while the clients already connected
 * were served). One start per turn keeps turns short, so connections are accepted as they come,
 * and requests are served first come, first served.
 */
export class TurnQueue {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Resolves in a later turn, after every request that entered before. */
  enter(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  get queued(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()!();
      this.schedule();
    });
  }
}

export const fairTurns = fp(function fairTurns(app: FastifyInstance) {
  const queue = new TurnQueue();
  app.addHook('onRequest', () => queue.enter());
});
