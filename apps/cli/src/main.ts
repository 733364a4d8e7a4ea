/** Entry point of the `medlabel` command (bin/medlabel.js imports it). */
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
