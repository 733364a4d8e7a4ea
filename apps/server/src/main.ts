import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { seedDemo } from './demo/seed-demo.js';

/** Starts the server: open the database, make sure an admin exists, seed the demo, listen. */
const config = loadConfig();
const database = await openDatabase({
  url: config.databaseUrl,
  sqliteFile: path.join(config.dataDir, 'medlabel.db'),
  synchronous: config.sqliteSynchronous,
});
const app = await buildApp({ config, database, log: { level: config.logLevel } });

const password = await app.services.users.ensureAdmin(config.adminEmail, config.adminPassword);
if (password !== undefined) {
  // Printed once, on the start that created the account.
  console.log(`\n  First admin created: ${config.adminEmail}\n  Password: ${password}\n`);
}
if (config.demo) {
  // A demo that cannot be seeded (no network for the DICOM files) must not keep the server down.
  await seedDemo({ services: app.services, database, log: (m) => app.log.info(m) }).catch(
    (error: unknown) => app.log.error({ err: error }, 'The demo workspace could not be seeded'),
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => database.close());
  });
}

await app.listen({ port: config.port, host: config.host });
