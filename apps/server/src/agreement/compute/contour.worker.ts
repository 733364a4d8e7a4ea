/** The contour helper thread: a share of a study's images in, each one's contours out. */
import type { AnnotationPayload } from '@medlabel/schema';
import { answerOnce } from '../../threads/answer-once.js';
import type { ContourJob } from './contour-thread.js';
import { contoursOfImage } from './image-contours.js';

answerOnce(({ tools, images }: ContourJob) =>
  images.map(({ spacing, readings }) =>
    contoursOfImage(
      tools,
      readings.map((json) => (json === null ? null : (JSON.parse(json) as AnnotationPayload))),
      spacing,
    ),
  ),
);
