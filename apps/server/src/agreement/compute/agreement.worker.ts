/** An agreement thread: studies in, their analyses out, off the HTTP event loop. */
import { serveTasks } from '../../threads/serve-tasks.js';
import { analyseJob } from './summary-thread.js';

serveTasks(analyseJob);
