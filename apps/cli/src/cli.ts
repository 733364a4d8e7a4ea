/** The `medlabel` command line: dispatches to a command and returns the exit code. */
import { compareCommand } from './commands/compare.js';
import { experimentCommand } from './commands/experiment.js';
import { importCommand } from './commands/import.js';
import { loopDemoCommand } from './commands/loop-demo.js';
import { mergeReportsCommand } from './commands/merge-reports.js';
import { rebuildReportCommand } from './commands/rebuild-report.js';
import { UsageError } from './usage.js';

const HELP = `Usage: medlabel <command> [options]

Commands:
  experiment      run the semi-automatic labelling loop on a dataset (medlabel experiment --help)
  merge-reports   join report.json files of runs split over processes (medlabel merge-reports --help)
  rebuild-report  turn a killed run's logged rounds into a report.json (medlabel rebuild-report --help)
  compare         human labels random needs for each strategy's accuracy, pooled over reports (medlabel compare --help)
  loop-demo       start the platform and run a CNN labeling loop through its API (medlabel loop-demo --help)
  import          upload a folder of DICOM files to a server (medlabel import --help)

Options:
  -h, --help   show this help
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'experiment':
        await experimentCommand(rest);
        return 0;
      case 'merge-reports':
        await mergeReportsCommand(rest);
        return 0;
      case 'rebuild-report':
        await rebuildReportCommand(rest);
        return 0;
      case 'compare':
        await compareCommand(rest);
        return 0;
      case 'loop-demo':
        await loopDemoCommand(rest);
        return 0;
      case 'import':
        return await importCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(HELP);
        return 0;
      default:
        process.stderr.write(`medlabel: unknown command ${command}\n\n${HELP}`);
        return 2;
    }
  } catch (error) {
    // parseArgs throws TypeErrors with a code for unknown or malformed options.
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`medlabel: ${(error as Error).message}\n`);
    if (usage) process.stderr.write(`run medlabel ${command} --help for the options\n`);
    return usage ? 2 : 1;
  }
}
