import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { redactUrlSecrets } from '../lib/redact-url.js';
import type { Services } from '../services.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandler } from './error-handler.js';
import { registerJsonBodyParser } from './json-body.js';
import { sessionPlugin } from './auth/session-plugin.js';
import { agentRoutes } from './routes/agents.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { projectRoutes } from './routes/projects.js';
import { clusterRoutes } from './routes/clusters.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { feedbackRoutes } from './routes/feedback.js';
import { ingestRoutes } from './routes/ingest.js';
import { fixRoutes } from './routes/fixes.js';
import { notificationRoutes } from './routes/notifications.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { budgetRoutes } from './routes/budgets.js';
import { planRoutes } from './routes/plans.js';
import { runnerExchangeRoutes } from './routes/runner-exchange.js';
import { sourceRoutes } from './routes/sources.js';
import { statsRoutes } from './routes/stats.js';
import { triageRoutes } from './routes/triage.js';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface BuildAppOptions {
  /** raw body cap for every route; webhook routes may set a lower one */
  bodyLimitBytes?: number;
}

/** Builds the HTTP app from its dependencies. It never listens: src/server.ts does, tests use inject(). */
export async function buildApp(deps: Services, opts: BuildAppOptions = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: false,
    frameworkErrors,
    clientErrorHandler,
    // one line per request, at debug (the dashboard polls every few seconds): see the onResponse hook
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onResponse', async (request, reply) => {
    const seconds = reply.elapsedTime / 1000;
    // the route pattern, not the URL, so ids do not multiply the series; unmatched paths share one
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpSeconds.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      seconds,
    );
    request.log.debug(
      {
        method: request.method,
        url: redactUrlSecrets(request.url),
        statusCode: reply.statusCode,
        ms: Math.round(seconds * 1000),
      },
      'request',
    );
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  // The request path's queries go ahead of background work on an embedded database. Entered twice: the
  // body parser runs outside the context entered at onRequest (it is driven by socket events).
  app.addHook('onRequest', (_req, _reply, done) => deps.db.inRequestLane(done));
  app.addHook('preHandler', (_req, _reply, done) => deps.db.inRequestLane(done));
  registerJsonBodyParser(app);

  await app.register(sessionPlugin(deps));
  await app.register(healthRoutes(deps));
  await app.register(authRoutes(deps));
  await app.register(projectRoutes(deps));
  await app.register(ingestRoutes(deps));
  await app.register(sourceRoutes(deps));
  await app.register(feedbackRoutes(deps));
  await app.register(clusterRoutes(deps));
  await app.register(triageRoutes(deps));
  await app.register(planRoutes(deps));
  await app.register(fixRoutes(deps));
  await app.register(agentRoutes(deps));
  await app.register(statsRoutes(deps));
  await app.register(notificationRoutes(deps));
  await app.register(apiKeyRoutes(deps));
  await app.register(budgetRoutes(deps));
  await app.register(runnerExchangeRoutes(deps));
  await app.register(dashboardRoutes(deps));
  return app;
}
