import { DicomError } from '../../src/index.js';

/** The code of the DicomError `run` throws, undefined when it returns; other errors rethrown. */
export function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DicomError) return error.code;
    throw error;
  }
  return undefined;
}
