/** A WorkerPool thread for the pool's tests: answers with its thread id, fails, or spins. */
import { threadId } from 'node:worker_threads';
import { serveTasks } from '../../src/threads/serve-tasks.js';

export type ProbeTask = { kind: 'who' } | { kind: 'fail' } | { kind: 'spin'; ms: number };

serveTasks(
  (task: ProbeTask) => {
    if (task.kind === 'fail') throw Object.assign(new Error('refused'), { code: 'PROBE' });
    if (task.kind === 'spin') for (const end = Date.now() + task.ms; Date.now() < end;);
    return threadId;
  },
  (error) => (error as { code?: string }).code,
);
