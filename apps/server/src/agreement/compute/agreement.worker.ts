/** The agreement compute thread: one study in, its analysis out, off the HTTP event loop. */
import { parentPort } from 'node:worker_threads';
import { analyseStudy, type StudyInput } from './analysis.js';

const port = parentPort!;
port.once('message', (input: StudyInput) => {
  try {
    port.postMessage({ ok: true, output: analyseStudy(input) });
  } catch (error) {
    port.postMessage({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
