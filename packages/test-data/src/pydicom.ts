import { fileURLToPath } from 'node:url';

/**
 * The folder of the pydicom test files committed here (python3-pydicom 2.3.1-1 of Debian 12,
 * `pydicom/data/test_files`): the ones our tests read, byte for byte. See pydicom/LICENSE.md.
 */
export const PYDICOM_DIR = fileURLToPath(new URL('../pydicom/', import.meta.url));
