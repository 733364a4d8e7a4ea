import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config, LogLevel } from './config.js';
import type { Database } from './db/database.js';
import { createServices, type Services } from './services.js';
import { errorHandler, frameworkErrors } from './http/error-handler.js';
import { authenticate } from './http/authenticate.js';
import { inputGuard } from './http/input-guard.js';
import { securityHeaders } from './http/security-headers.js';
import { requestLog } from './http/request-log.js';
import { fairTurns } from './http/fair-turns.js';
import { durableWrites } from './http/durable-writes.js';
import { openapi } from './http/openapi.js';
import { web } from './http/web.js';
import { healthRoutes } from './http/health.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { templatesRoutes } from './templates/templates.routes.js';
import { imagesRoutes } from './images/images.routes.js';
import { collectionsRoutes } from './collections/collections.routes.js';
import { assignmentsRoutes } from './assignments/assignments.routes.js';
import { annotationsRoutes } from './annotations/annotations.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { reportsRoutes } from './reports/reports.routes.js';
import { exportsRoutes } from './exports/exports.routes.js';
import { loopsRoutes } from './loops/loops.routes.js';
import { agreementRoutes } from './agreement/agreement.routes.js';
import { sourcesRoutes } from './sources/sources.routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    config: Config;
  }
}

export interface AppOptions {
  config: Config;
  database: Database;
  /** pino logging (off when absent, as in tests); `stream` replaces stdout. */
  log?: { level: LogLevel; stream?: { write(line: string): void } };
}

/** Builds the whole HTTP application; `main.ts` only listens. */
/** Fastify's form of MEDLABEL_TRUST_PROXY; its types omit the hop count, which is a hop test. */
function proxyTrust(trust: Config['trustProxy']) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.log ? { level: options.log.level, stream: options.log.stream } : false,
    // One line per response instead (http/request-log.ts), at a level that follows its status.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: proxyTrust(options.config.trustProxy),
    frameworkErrors,
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array' } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', options.config);
  const services = createServices(options.database, options.config);
  app.decorate('services', services);
  await services.sources.sealClearCredentials();
  // The embedded default runs jobs in this process; beside `medlabel worker` processes it does not.
  if (options.config.jobs === 'in-process') {
    services.jobRunner.start();
    app.addHook('onClose', () => services.jobRunner.stop());
  }

  await app.register(fairTurns);
  await app.register(durableWrites, { database: options.database });
  await app.register(requestLog);
  await app.register(errorHandler);
  await app.register(securityHeaders);
  await app.register(cookie);
  await app.register(openapi);
  await app.register(authenticate);
  await app.register(inputGuard);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(usersRoutes);
  await app.register(templatesRoutes);
  await app.register(imagesRoutes);
  await app.register(collectionsRoutes);
  await app.register(assignmentsRoutes);
  await app.register(annotationsRoutes);
  await app.register(searchRoutes);
  await app.register(reportsRoutes);
  await app.register(exportsRoutes);
  await app.register(loopsRoutes);
  await app.register(agreementRoutes);
  await app.register(sourcesRoutes);

  await app.register(web, { dist: options.config.webDist });
  return app;
}
