/** What other workspaces (e2e tests, the CLI's tests) may use to run a real server in-process. */
export { buildApp, type AppOptions } from './app.js';
export { loadConfig, type Config } from './config.js';
export { openDatabase, type Database, type DialectName } from './db/database.js';
