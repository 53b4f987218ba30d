import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { handlePullRequestEvent } from '../../domain/fixes/handle-pull-request-event.js';
import { ingestItems, type IngestRequest, type IngestResult } from '../../domain/ingestion/ingest-items.js';
import { parseDatadog } from '../../domain/ingestion/parsers/datadog.js';
import { parseGithubIssuesEvent } from '../../domain/ingestion/parsers/github.js';
import { parsePosthog } from '../../domain/ingestion/parsers/posthog.js';
import { parseRedditListing } from '../../domain/ingestion/parsers/reddit.js';
import { parseSentry } from '../../domain/ingestion/parsers/sentry.js';
import { parseSplunk } from '../../domain/ingestion/parsers/splunk.js';
import { submitManualFeedback } from '../../domain/ingestion/submit-manual-feedback.js';
import { syncGithubRepo } from '../../domain/ingestion/pollers/sync-github.js';
import { listSources } from '../../domain/sources/source-repository.js';
import { pollerDeps } from '../../queue/handlers.js';
import type { SourceKind } from '../../domain/sources/source-kinds.js';
import { RateLimiter } from '../../lib/rate-limiter.js';
import type { Services } from '../../services.js';
import { parseJsonBody, resolveDelivery } from '../ingest/resolve-delivery.js';

const resultSchema = z.object({
  status: z.enum(['accepted', 'duplicate', 'ignored']),
  reason: z.string().optional(),
  items: z.array(z.object({ id: z.string(), externalId: z.string(), duplicate: z.boolean() })),
});

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** 202 when something new was stored, 200 for duplicates and ignored deliveries (vendors must not retry). */
const answer = (reply: FastifyReply, result: IngestResult) =>
  reply.status(result.status === 'accepted' ? 202 : 200).send(result);

type Parse = (
  body: unknown,
  raw: Buffer,
  headers: Record<string, string | string[] | undefined>,
) => Omit<IngestRequest, 'projectId' | 'kind' | 'source'>;

const parsers: Record<
  Exclude<SourceKind, 'manual' | 'github'> | 'github-webhook',
  { path: string; kind: SourceKind; parse: Parse }
> = {
  sentry: {
    path: '/ingest/sentry',
    kind: 'sentry',
    parse: (body, _raw, h) => ({
      items: parseSentry(body, header(h['sentry-hook-resource'])),
      deliveryId: header(h['request-id']),
    }),
  },
  reddit: {
    path: '/ingest/reddit',
    kind: 'reddit',
    parse: (body) => ({ items: parseRedditListing(body).items }),
  },
  splunk: { path: '/ingest/splunk/webhook', kind: 'splunk', parse: (body) => ({ items: parseSplunk(body) }) },
  datadog: {
    path: '/ingest/datadog/webhook',
    kind: 'datadog',
    parse: (body, raw) => {
      const p = parseDatadog(body, raw.toString('utf8'));
      return {
        items: p.items,
        filterContext: { datadog: { priority: p.priority, transition: p.transition } },
      };
    },
  },
  posthog: {
    path: '/ingest/posthog/webhook',
    kind: 'posthog',
    parse: (body) => {
      const p = parsePosthog(body);
      return { items: p.items, filterContext: { posthog: { eventName: p.eventName } } };
    },
  },
  'github-webhook': {
    path: '/ingest/github/webhook',
    kind: 'github',
    parse: (body, _raw, h) => {
      const event = header(h['x-github-event']);
      if (event === 'ping') return { items: [] };
      if (event !== 'issues')
        throw new AppError(
          'bad_request',
          `GitHub event "${event ?? 'none'}" is not handled here; send the issues or pull_request event`,
        );
      return { items: parseGithubIssuesEvent(body).items, deliveryId: header(h['x-github-delivery']) };
    },
  },
};

/**
 * Webhook and push endpoints. Bodies are kept raw (signatures are computed over the exact bytes) and parsed
 * here; only JSON is accepted (415 otherwise), bodies over INGEST_MAX_BODY_BYTES get 413.
 */
export const ingestRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function ingest(app) {
    const limiter = new RateLimiter(deps.config.ingest.rateLimitPerMinute);
    const bodyLimit = deps.config.ingest.maxBodyBytes;
    app.removeAllContentTypeParsers();
    const keepRaw = (_req: unknown, body: string | Buffer, done: (err: null, body: Buffer) => void) =>
      done(null, Buffer.isBuffer(body) ? body : Buffer.from(body));
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, keepRaw);
    app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'buffer', bodyLimit }, keepRaw);
    app.addHook('onSend', async (_req, reply, payload) => {
      if (reply.statusCode === 429) {
        const retry = /"retryAfterSeconds":(\d+)/.exec(String(payload))?.[1];
        if (retry) reply.header('retry-after', retry);
      }
      return payload;
    });
    const ingestCtx = { db: deps.db.pool, clock: deps.clock, clustering: deps.clusteringTrigger };

    for (const { path, kind, parse } of Object.values(parsers)) {
      app.post(
        path,
        { bodyLimit, schema: { response: { 200: resultSchema, 202: resultSchema } } },
        async (request, reply) => {
          const delivery = await resolveDelivery(deps, limiter, request, kind);
          const body = parseJsonBody(delivery.rawBody);
          // a fix's pull request was merged or closed: lifecycle, not feedback
          if (kind === 'github' && header(request.headers['x-github-event']) === 'pull_request')
            return reply
              .status(200)
              .send(await handlePullRequestEvent(deps.db.pool, delivery.projectId, body));
          const parsed = parse(body, delivery.rawBody, request.headers);
          const result = await ingestItems(ingestCtx, {
            ...parsed,
            raw: body,
            projectId: delivery.projectId,
            kind,
            source: delivery.source,
          });
          return answer(reply, result);
        },
      );
    }

    app.post(
      '/ingest/manual',
      { bodyLimit, schema: { response: { 200: resultSchema, 202: resultSchema } } },
      async (request, reply) => {
        const delivery = await resolveDelivery(deps, limiter, request, 'manual');
        const result = await submitManualFeedback(ingestCtx, {
          projectId: delivery.projectId,
          ...(delivery.source ? { source: delivery.source } : {}),
          body: parseJsonBody(delivery.rawBody),
        });
        return answer(reply, result);
      },
    );

    // On-demand sync of one repository's issues (the scheduled poll runs the same code).
    app.post(
      '/ingest/github/sync/:owner/:repo',
      {
        schema: {
          params: z.object({
            owner: z.string().regex(/^[A-Za-z0-9_.-]+$/),
            repo: z.string().regex(/^[A-Za-z0-9_.-]+$/),
          }),
          response: {
            200: z.object({
              repo: z.string(),
              fetched: z.number(),
              stored: z.number(),
              skippedPullRequests: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const delivery = await resolveDelivery(deps, limiter, request, 'github');
        const repo = `${request.params.owner}/${request.params.repo}`;
        const sources = await listSources(
          { db: deps.db.pool, secrets: deps.secrets },
          delivery.projectId,
          'github',
        );
        const configured = sources.find((s) =>
          ((s.config.repositories as string[] | undefined) ?? []).some(
            (r) => r.toLowerCase() === repo.toLowerCase(),
          ),
        );
        return syncGithubRepo(pollerDeps(deps), configured ?? delivery.source, delivery.projectId, repo);
      },
    );
  };
