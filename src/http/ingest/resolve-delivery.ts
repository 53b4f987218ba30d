import type { FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { Source } from '../../domain/sources/source.js';
import { vendorOf, type SourceKind } from '../../domain/ingestion/vendors/registry.js';
import { RateLimiter } from '../../lib/rate-limiter.js';
import type { Services } from '../../services.js';
import { bearerToken } from '../auth/project-access.js';
import { assertJsonDepth } from '../json-body.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ResolvedDelivery {
  projectId: string;
  /** the source whose secret authenticated the request, or (API-key requests) the project's first enabled source of the kind */
  source: Source | undefined;
  rawBody: Buffer;
}

const firstHeader = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The two limits on ingestion. Deliveries are counted per source or API key, and only once they
 * authenticated: a stranger cannot spend a project's budget. Failed authentications are counted per
 * client address in a separate, in-memory limiter that is checked before any database work, so a flood
 * of bad requests costs little and blocks only its own address.
 */
export class IngestLimits {
  readonly accepted: RateLimiter;
  readonly failedAuth: RateLimiter;
  private readonly clientIpHeader: string | undefined;

  constructor(
    config: { rateLimitPerMinute: number; failedAuthPerMinute: number; clientIpHeader?: string | undefined },
    now?: () => number,
  ) {
    this.accepted = new RateLimiter(config.rateLimitPerMinute, now);
    this.failedAuth = new RateLimiter(config.failedAuthPerMinute, now);
    this.clientIpHeader = config.clientIpHeader;
  }

  /**
   * The socket's peer, or behind a reverse proxy the last entry of the header it sets (the address the
   * proxy itself saw; earlier entries are whatever the client claimed).
   */
  clientAddress(request: FastifyRequest): string {
    if (this.clientIpHeader === undefined) return request.ip;
    const value = firstHeader(request.headers[this.clientIpHeader]);
    return value?.split(',').at(-1)?.trim() || request.ip;
  }
}

const rateLimited = (message: string, wait: number) =>
  new AppError('rate_limited', `${message}; retry in ${wait}s`, { retryAfterSeconds: wait });

/**
 * The front half of the webhook pipeline (docs/API.md, Ingestion), after the size cap Fastify enforces: the client address's
 * failed-authentication limit → project → authenticate (the project API key, else the vendor's signature
 * or token check) → the source's or key's rate limit. Throws the AppError for each rejection; nothing is
 * stored.
 */
export async function resolveDelivery(
  deps: Services,
  limits: IngestLimits,
  request: FastifyRequest,
  kind: SourceKind,
): Promise<ResolvedDelivery> {
  const address = limits.clientAddress(request);
  const blocked = limits.failedAuth.peek(address);
  if (blocked > 0) throw rateLimited('too many failed authentications from this address', blocked);
  let identified: Identified;
  try {
    identified = await identify(deps, request, kind);
  } catch (err) {
    // no project named, an unknown project, a wrong key or signature: all count against the address
    if (err instanceof AppError) limits.failedAuth.take(address);
    throw err;
  }
  const wait = limits.accepted.take(identified.budgetKey);
  if (wait > 0) throw rateLimited(`too many deliveries for this ${identified.budgetName}`, wait);
  return { projectId: identified.projectId, source: identified.source, rawBody: identified.rawBody };
}

interface Identified extends ResolvedDelivery {
  /** the budget this delivery spends: its source's, or its API key's */
  budgetKey: string;
  budgetName: 'source' | 'API key';
}

/** The project, then its API key or else the vendor's own mechanism. Throws the AppError for a failure. */
async function identify(deps: Services, request: FastifyRequest, kind: SourceKind): Promise<Identified> {
  const query = request.query as Record<string, string | undefined>;
  const projectId = query.project_id ?? firstHeader(request.headers['x-soulcaster-project']);
  if (!projectId)
    throw new AppError(
      'bad_request',
      'name the project: ?project_id=<id> or the X-Soulcaster-Project header',
    );
  if (!UUID.test(projectId)) throw new AppError('not_found', 'project not found');
  const lookups = deps.ingestLookups;
  await lookups.assertProject(projectId);

  const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const token = bearerToken(request);
  if (token !== undefined) {
    const auth = await lookups.apiKey(token);
    if (auth?.projectId === projectId) {
      const source = (await lookups.sources(projectId, kind)).find((s) => s.enabled);
      return { projectId, source, rawBody, budgetKey: `key:${auth.keyId}`, budgetName: 'API key' };
    }
  }
  // not this project's API key: a token vendor may send its source token as the Bearer credential
  const check = (sources: Source[]) =>
    vendorOf(kind).authenticate?.(sources, {
      rawBody,
      headers: request.headers,
      queryToken: query.token,
      bearerToken: token,
    });
  let sources = await lookups.sources(projectId, kind);
  let source = check(sources);
  if (source === undefined) {
    // the cached sources said no: a source added or a secret rotated a moment ago must still get in
    sources = await lookups.sources(projectId, kind, true);
    source = check(sources);
  }
  if (source === undefined) {
    throw new AppError(
      'unauthorized',
      token !== undefined
        ? 'invalid API key for this project'
        : sources.length === 0
          ? `no ${kind} source is configured for this project; add one or send the project API key`
          : `the ${kind} signature or token does not match this project's ${kind} source`,
    );
  }
  return { projectId, source, rawBody, budgetKey: `source:${source.id}`, budgetName: 'source' };
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) throw new AppError('malformed_payload', 'the request body is empty');
  const text = raw.toString('utf8');
  assertJsonDepth(text);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError('malformed_payload', `the body is not valid JSON: ${(err as Error).message}`);
  }
}
