import { availableParallelism } from 'node:os';
import path from 'node:path';
import { weakPasswordReason } from '@medlabel/schema';

/** Everything the server reads from the environment, resolved once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `postgres://...` selects PostgreSQL; otherwise SQLite in `<dataDir>/medlabel.db`. */
  databaseUrl: string | undefined;
  /** SQLite durability (MEDLABEL_SQLITE_SYNC=normal trades power-loss safety for speed; see db/database.ts). */
  sqliteSynchronous: 'normal' | 'full';
  adminEmail: string;
  /** The first admin's password (MEDLABEL_ADMIN_PASSWORD), held to the users' password policy. */
  adminPassword: string | undefined;
  demo: boolean;
  /** Hosts an image URL may point at besides our own `/api/files/`. */
  imageHosts: string[];
  /** Bytes of instances and renders of image sources kept on disk (MEDLABEL_SOURCE_CACHE_MB). */
  sourceCacheBytes: number;
  /**
   * HMAC secret of DICOM de-identification. When unset, one is generated once and kept in the
   * database (storage/deid-secret.ts), shared by every server process. Never change it.
   */
  deidSecret: string | undefined;
  /**
   * The key that seals stored credentials of image sources (MEDLABEL_CREDENTIALS_KEY: 32 bytes,
   * base64 or hex). When unset, one is generated once into `<dataDir>/credentials.key`, which
   * every server process on that data dir shares; never in the database.
   */
  credentialsKey: string | undefined;
  /**
   * Keep patient characteristics (sex, age, size, weight, ethnic group, smoking and pregnancy
   * status) in de-identified DICOM files: PS3.15's Retain Patient Characteristics Option
   * (MEDLABEL_DEID_RETAIN_PATIENT_CHARACTERISTICS=true). Off by default.
   */
  deidRetainPatientCharacteristics: boolean;
  /** Mark cookies Secure (set MEDLABEL_SECURE_COOKIES=1 behind HTTPS). */
  secureCookies: boolean;
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (MEDLABEL_TRUST_PROXY): none
   * by default, a hop count, or proxy addresses/CIDRs. The password throttle counts guesses per
   * client address, so behind a proxy it would otherwise count every client as the proxy.
   */
  trustProxy: false | number | string[];
  /** Where the built web app lives; served at `/` when the folder exists. */
  webDist: string;
  /** pino level (MEDLABEL_LOG_LEVEL): info logs client errors and more, debug every request. */
  logLevel: LogLevel;
  /**
   * Where background jobs (training, pre-labeling) run: `in-process` on a worker thread of this
   * server (the SQLite default), or `external` in `medlabel worker` processes (the PostgreSQL
   * default, so several servers share workers). MEDLABEL_JOBS overrides.
   */
  jobs: 'in-process' | 'external';
  /** How long a job's claim holds without a heartbeat (MEDLABEL_JOB_LEASE_MS, default 30 s). */
  jobLeaseMs: number;
  /**
   * How long after a submitted reading its study is analysed in the background
   * (MEDLABEL_AGREEMENT_REFRESH_MS, default 5 s); readings submitted meanwhile join that run, so a
   * busy study is analysed at most this often.
   */
  agreementRefreshMs: number;
  /**
   * Threads a loop's CNN training job trains on (MEDLABEL_CNN_THREADS): by default
   * defaultCnnThreads(the machine's cores).
   */
  cnnThreads: number;
}

/**
 * A core is left to the server (requests, image work) and the rest, at most 2, train: 1 thread
 * on a 2-core machine, 2 from 3 cores on (more were not measured: docs/benchmarks.md).
 */
export function defaultCnnThreads(cores: number): number {
  return Math.max(1, Math.min(2, cores - 1));
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function logLevel(value: string | undefined): LogLevel {
  const level = value ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new Error(`MEDLABEL_LOG_LEVEL is not one of ${LOG_LEVELS.join(', ')}: ${value}`);
  return level as LogLevel;
}

function jobsMode(value: string | undefined, databaseUrl: string | undefined): Config['jobs'] {
  if (value === undefined || value === '')
    return databaseUrl?.startsWith('postgres') ? 'external' : 'in-process';
  if (value !== 'in-process' && value !== 'external')
    throw new Error(`MEDLABEL_JOBS is not in-process or external: ${value}`);
  return value;
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} is not a positive integer: ${value}`);
  return n;
}

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new Error(`${name} is not true or false: ${value}`);
}

function adminPassword(value: string | undefined, email: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const reason = weakPasswordReason(value, email);
  if (reason !== undefined) throw new Error(`MEDLABEL_ADMIN_PASSWORD is refused: ${reason}`);
  return value;
}

/** false, a number of proxy hops, or the addresses and CIDR ranges of trusted proxies. */
function trustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const proxies = list(value);
  // Believing every sender (Fastify's `true`) lets any client pick the address it is throttled by.
  if (proxies.includes('true'))
    throw new Error('MEDLABEL_TRUST_PROXY takes a hop count or proxy addresses, not true');
  return proxies;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

/** Reads the configuration; every value has an embedded default. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT is not a port: ${env.PORT}`);
  const adminEmail = (env.MEDLABEL_ADMIN_EMAIL ?? 'admin@medlabel.local').toLowerCase();
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.MEDLABEL_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    sqliteSynchronous: env.MEDLABEL_SQLITE_SYNC === 'normal' ? 'normal' : 'full',
    adminEmail,
    adminPassword: adminPassword(env.MEDLABEL_ADMIN_PASSWORD, adminEmail),
    demo: env.MEDLABEL_DEMO !== '0',
    imageHosts: list(env.MEDLABEL_IMAGE_HOSTS),
    sourceCacheBytes:
      positiveInteger('MEDLABEL_SOURCE_CACHE_MB', env.MEDLABEL_SOURCE_CACHE_MB, 2048) * 2 ** 20,
    secureCookies: env.MEDLABEL_SECURE_COOKIES === '1',
    trustProxy: trustProxy(env.MEDLABEL_TRUST_PROXY),
    deidSecret: env.MEDLABEL_DEID_SECRET || undefined,
    credentialsKey: env.MEDLABEL_CREDENTIALS_KEY || undefined,
    deidRetainPatientCharacteristics: flag(
      'MEDLABEL_DEID_RETAIN_PATIENT_CHARACTERISTICS',
      env.MEDLABEL_DEID_RETAIN_PATIENT_CHARACTERISTICS,
    ),
    webDist: path.resolve(
      env.MEDLABEL_WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname,
    ),
    logLevel: logLevel(env.MEDLABEL_LOG_LEVEL),
    jobs: jobsMode(env.MEDLABEL_JOBS, env.DATABASE_URL),
    jobLeaseMs: positiveInteger('MEDLABEL_JOB_LEASE_MS', env.MEDLABEL_JOB_LEASE_MS, 30_000),
    agreementRefreshMs: positiveInteger(
      'MEDLABEL_AGREEMENT_REFRESH_MS',
      env.MEDLABEL_AGREEMENT_REFRESH_MS,
      5_000,
    ),
    cnnThreads: positiveInteger(
      'MEDLABEL_CNN_THREADS',
      env.MEDLABEL_CNN_THREADS,
      defaultCnnThreads(availableParallelism()),
    ),
  };
}
