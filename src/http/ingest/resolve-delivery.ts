import type { FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { authenticateApiKey } from '../../domain/projects/authenticate-api-key.js';
import { getProject } from '../../domain/projects/get-project.js';
import type { Source } from '../../domain/sources/source.js';
import { listSources } from '../../domain/sources/source-repository.js';
import { vendorOf, type SourceKind } from '../../domain/ingestion/vendors/registry.js';
import type { RateLimiter } from '../../lib/rate-limiter.js';
import type { Services } from '../../services.js';
import { bearerToken } from '../auth/project-access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ResolvedDelivery {
  projectId: string;
  /** the source whose secret authenticated the request, or (API-key requests) the project's first enabled source of the kind */
  source: Source | undefined;
  rawBody: Buffer;
}

const firstHeader = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The front half of the webhook pipeline (docs/API.md, Ingestion), after the size cap Fastify enforces: project → rate limit →
 * authenticate (the project API key, else the vendor's signature or token check). Throws the AppError for each rejection; nothing is stored.
 */
export async function resolveDelivery(
  deps: Services,
  limiter: RateLimiter,
  request: FastifyRequest,
  kind: SourceKind,
): Promise<ResolvedDelivery> {
  const query = request.query as Record<string, string | undefined>;
  const projectId = query.project_id ?? firstHeader(request.headers['x-soulcaster-project']);
  if (!projectId)
    throw new AppError(
      'bad_request',
      'name the project: ?project_id=<id> or the X-Soulcaster-Project header',
    );
  if (!UUID.test(projectId)) throw new AppError('not_found', 'project not found');
  await getProject(deps.db.pool, projectId);

  const wait = limiter.take(projectId);
  if (wait > 0)
    throw new AppError('rate_limited', `too many deliveries for this project; retry in ${wait}s`, {
      retryAfterSeconds: wait,
    });

  const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const sources = (await listSources({ db: deps.db.pool, secrets: deps.secrets }, projectId, kind)).filter(
    (s) => s.kind === kind,
  );
  const token = bearerToken(request);
  if (token !== undefined) {
    const auth = await authenticateApiKey(deps.db.pool, token);
    if (auth?.projectId !== projectId) throw new AppError('unauthorized', 'invalid API key for this project');
    return { projectId, source: sources.find((s) => s.enabled), rawBody };
  }
  const source = vendorOf(kind).authenticate?.(sources, {
    rawBody,
    headers: request.headers,
    queryToken: query.token,
  });
  if (source === undefined) {
    throw new AppError(
      'unauthorized',
      sources.length === 0
        ? `no ${kind} source is configured for this project; add one or send the project API key`
        : `the ${kind} signature or token does not match this project's ${kind} source`,
    );
  }
  return { projectId, source, rawBody };
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) throw new AppError('malformed_payload', 'the request body is empty');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new AppError('malformed_payload', `the body is not valid JSON: ${(err as Error).message}`);
  }
}
