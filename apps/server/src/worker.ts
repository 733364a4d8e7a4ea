import path from 'node:path';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { createServices } from './services.js';

/**
 * A job worker process (`npm run worker`): claims training and pre-labeling jobs from the
 * database that the servers share and runs them, so several servers (MEDLABEL_JOBS=external)
 * serve requests while workers train. Any number of workers may run; a killed worker's job is
 * retried by another once its lease runs out.
 */
const config = loadConfig();
const database = await openDatabase({
  url: config.databaseUrl,
  sqliteFile: path.join(config.dataDir, 'medlabel.db'),
  synchronous: config.sqliteSynchronous,
});
const { jobRunner } = createServices(database, config);
jobRunner.start();
console.log(`medlabel worker ${jobRunner.workerId} is waiting for jobs`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void jobRunner.stop().then(() => database.close());
  });
}
