import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { COLLECT_LIMIT_BYTES } from '../../domain/fixes/runner.js';
import { putExchangeResult, takeExchangeFile } from '../../domain/fixes/runner-exchange.js';
import type { Services } from '../../services.js';

const capability = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const gone = () => new AppError('not_found', 'unknown or used capability');

/**
 * Where a Fargate task fetches its job's checkout and hands back its result: the URL's capability is the
 * only credential (docs/RUNNERS.md). Each file is served once, the result accepted once.
 */
export const runnerExchangeRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function runnerExchange(app) {
    const ctx = { db: deps.db.pool, clock: deps.clock };
    app.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: COLLECT_LIMIT_BYTES },
      (_req, body, done) => done(null, body),
    );

    app.get(
      '/runner/exchange/:capability/files/:name',
      { schema: { params: z.object({ capability, name: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/) }) } },
      async (req, reply) => {
        const content = await takeExchangeFile(ctx, req.params.capability, req.params.name);
        if (content === undefined) throw gone();
        return reply.type('application/octet-stream').send(content);
      },
    );

    app.put(
      '/runner/exchange/:capability/result',
      { bodyLimit: COLLECT_LIMIT_BYTES, schema: { params: z.object({ capability }) } },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body))
          throw new AppError('unsupported_media_type', 'send the result as application/octet-stream');
        if (!(await putExchangeResult(ctx, req.params.capability, req.body))) throw gone();
        return reply.status(204).send();
      },
    );
  };
