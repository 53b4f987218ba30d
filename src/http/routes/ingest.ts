import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commentMergedPullRequest } from '../../domain/github/comment-on-source-issues.js';
import { ingestItems, type IngestResult } from '../../domain/ingestion/ingest-items.js';
import { syncGithubRepo } from '../../domain/ingestion/pollers/sync-github.js';
import { vendors, type SourceKind } from '../../domain/ingestion/vendors/registry.js';
import { DeliveryRecorder } from '../../domain/sources/delivery-recorder.js';
import { AppError } from '../../domain/errors.js';
import { repoOwner, repoShortName } from '../../domain/repos/repo-name.js';
import { listSources } from '../../domain/sources/source-repository.js';
import { recordLastDelivery } from '../../domain/sources/record-last-delivery.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Services } from '../../services.js';
import { IngestLimits, parseJsonBody, resolveDelivery } from '../ingest/resolve-delivery.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
import { githubSyncView, ingestResultView } from '../schemas/ingest-result.js';

/** 202 when something new was stored, 200 for duplicates and ignored deliveries (vendors must not retry). */
const answer = (reply: FastifyReply, result: IngestResult) =>
  reply.status(result.status === 'accepted' ? 202 : 200).send(result);

function countIngest(metrics: Metrics, source: string, result: IngestResult): void {
  metrics.ingestDeliveries.inc({ source, outcome: result.status });
  for (const item of result.items)
    metrics.ingestItems.inc({ source, outcome: item.duplicate ? 'duplicate' : 'stored' });
}

/**
 * Webhook and push endpoints. Bodies are kept raw (signatures are computed over the exact bytes) and parsed
 * here; only JSON is accepted (415 otherwise), bodies over INGEST_MAX_BODY_BYTES get 413.
 */
export const ingestRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function ingest(app) {
    const limiter = new IngestLimits(deps.config.ingest, () => deps.clock.now().getTime());
    const bodyLimit = deps.config.ingest.maxBodyBytes;
    app.removeAllContentTypeParsers();
    const keepRaw = (_req: unknown, body: string | Buffer, done: (err: null, body: Buffer) => void) =>
      done(null, Buffer.isBuffer(body) ? body : Buffer.from(body));
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, keepRaw);
    app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'buffer', bodyLimit }, keepRaw);
    const ingestCtx = { commit: deps.ingest.submit };

    // deliveries refused (bad signature or token, rate limit, malformed or oversized body) count too
    const kindByPath = new Map<string, SourceKind>(vendors.map((v) => [v.ingestPath, v.kind]));
    app.addHook('onResponse', async (request, reply) => {
      const source = kindByPath.get(request.routeOptions.url ?? '');
      if (source !== undefined && reply.statusCode >= 400)
        deps.metrics.ingestDeliveries.inc({ source, outcome: 'rejected' });
      if (source !== undefined) await recordDelivery(request, reply.statusCode, source);
    });

    // "last delivery" on the source, for the dashboard: the outcome of what was identified, or a refused
    // signature or token on the project's sources of that kind (the project exists by then)
    const recorder = new DeliveryRecorder({ db: deps.db.pool, clock: deps.clock });
    const seen = new WeakMap<
      FastifyRequest,
      { projectId: string; sourceId?: string; outcome?: IngestResult['status']; detail?: string | undefined }
    >();
    const failures = new WeakMap<FastifyRequest, Error>();
    app.addHook('onError', async (request, _reply, error) => void failures.set(request, error));
    const recordDelivery = async (request: FastifyRequest, status: number, kind: SourceKind) => {
      const known = seen.get(request);
      const error = failures.get(request);
      try {
        if (known?.sourceId !== undefined && (known.outcome !== undefined || status >= 400)) {
          await recorder.record(
            { projectId: known.projectId, sourceId: known.sourceId },
            status >= 400 || known.outcome === undefined
              ? { outcome: 'rejected', detail: error?.message ?? `HTTP ${status}` }
              : { outcome: known.outcome, detail: known.detail ?? null },
          );
        } else if (known === undefined && error instanceof AppError && error.code === 'unauthorized') {
          const projectId = (request.query as Record<string, string | undefined>).project_id;
          const header = request.headers['x-soulcaster-project'];
          const id = projectId ?? (Array.isArray(header) ? header[0] : header);
          if (id !== undefined && UUID.test(id))
            await recorder.record({ projectId: id, kind }, { outcome: 'rejected', detail: error.message });
        }
      } catch (err) {
        request.log.warn({ err }, 'could not record the delivery on its source');
      }
    };

    // One endpoint per vendor (vendors/registry.ts): authenticate, let the vendor parse, then ingest.
    for (const vendor of vendors) {
      app.post(
        vendor.ingestPath,
        { bodyLimit, schema: { response: { 200: ingestResultView, 202: ingestResultView } } },
        async (request, reply) => {
          const delivery = await resolveDelivery(deps, limiter, request, vendor.kind);
          const seenDelivery = {
            projectId: delivery.projectId,
            ...(delivery.source !== undefined && { sourceId: delivery.source.id }),
          };
          seen.set(request, seenDelivery);
          const body = parseJsonBody(delivery.rawBody);
          // kept before parsing, so a body the parser or mapping cannot read can still be previewed
          if (vendor.mappable && delivery.source !== undefined)
            await recordLastDelivery(deps.db.pool, delivery.source, {
              body,
              rawBytes: delivery.rawBody.length,
              receivedAt: deps.clock.now(),
            });
          const parsed = vendor.parse({
            body,
            rawBody: delivery.rawBody,
            headers: request.headers,
            config: delivery.source?.config ?? {},
            log: (fields, message) => request.log.info({ source: vendor.kind, ...fields }, message),
          });
          // Not feedback (GitHub's pull_request event reports on a fix's PR): the vendor's own handler.
          if ('handle' in parsed) {
            const handled = await parsed.handle({
              db: deps.db.pool,
              projectId: delivery.projectId,
              notifications: deps.notifications.recorder,
              github: {
                fixes: deps.fixes,
                itemsEdited: deps.next.itemsEdited,
                pullRequestMerged: (pr) => commentMergedPullRequest(deps.fixes, pr),
              },
              ingest: async (items) => {
                const stored = await ingestItems(ingestCtx, {
                  items,
                  raw: body,
                  projectId: delivery.projectId,
                  kind: vendor.kind,
                  source: delivery.source,
                });
                countIngest(deps.metrics, vendor.kind, stored);
                return stored;
              },
            });
            seen.set(request, { ...seenDelivery, outcome: handled.status, detail: handled.reason });
            // new feedback stored is 202 as on the items path; anything else GitHub handed over is 200
            return reply.status(handled.items.some((i) => !i.duplicate) ? 202 : 200).send(handled);
          }
          const result = await ingestItems(ingestCtx, {
            ...parsed,
            raw: body,
            projectId: delivery.projectId,
            kind: vendor.kind,
            source: delivery.source,
          });
          countIngest(deps.metrics, vendor.kind, result);
          seen.set(request, { ...seenDelivery, outcome: result.status, detail: result.reason });
          return answer(reply, result);
        },
      );
    }

    // On-demand sync of one repository's issues (the scheduled poll runs the same code).
    app.post(
      '/ingest/github/sync/:owner/:repo',
      {
        schema: {
          params: z.object({ owner: repoOwner, repo: repoShortName }),
          response: {
            200: githubSyncView,
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
        // a source's token is for the repositories it lists, never for whatever a caller names
        if (configured === undefined)
          throw new AppError(
            'not_found',
            `no GitHub source of this project lists ${repo}; add it to one first`,
          );
        return syncGithubRepo(deps.pollers, configured, delivery.projectId, repo);
      },
    );
  };
