/** The summary helper thread: a share of a study's images in, each one's summary (JSON) out. */
import { answerOnce } from '../../threads/answer-once.js';
import { summarise } from './summary-thread.js';

answerOnce(summarise);
