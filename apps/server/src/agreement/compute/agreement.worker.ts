/** The agreement compute thread: one study in, its analysis out, off the HTTP event loop. */
import { answerOnce } from '../../threads/answer-once.js';
import { analyseStudy } from './analysis.js';
import { analyseSharingContours, type AgreementJob } from './contour-thread.js';

answerOnce(({ input, shareContours, maxHeapMb }: AgreementJob) =>
  shareContours ? analyseSharingContours(input, maxHeapMb) : analyseStudy(input),
);
