import { AppError } from '../../errors.js';
import { saveSourceCursor } from '../../sources/source-repository.js';
import type { Source } from '../../sources/source.js';
import { ingestItems } from '../ingest-items.js';
import { parseRedditListing } from '../vendors/reddit.js';
import { getWithRetryOnReset } from './get-with-retry-on-reset.js';
import { RateLimitedError, type PollerDeps } from './poller-deps.js';
import { quotaExhausted, readRedditQuota, type RedditQuota } from './reddit-quota.js';

const PAGE = 100;
const MAX_PAGES = 10;

export interface PollResult {
  fetched: number;
  stored: number;
  /** Reddit's quota ran out: the source is not polled again before this time */
  pausedUntil?: Date;
}

interface Credentials {
  clientId: string;
  secret: string;
}

/** App-only OAuth when the source has a client id and secret, else the public listing. */
function credentialsOf(source: Source): Credentials | undefined {
  const clientId = typeof source.config.clientId === 'string' ? source.config.clientId.trim() : '';
  const secret = source.secrets.clientSecret ?? '';
  if (clientId === '' && secret === '') return undefined;
  if (clientId === '' || secret === '')
    throw new AppError(
      'validation_failed',
      'Reddit OAuth needs both the client id and the client secret; set both, or neither for the public listing',
    );
  return { clientId, secret };
}

/**
 * Polls the newest posts of every configured subreddit. With app-only OAuth credentials the requests go to
 * the OAuth host with a bearer token (cached until it expires); without, to the public `.json` listing.
 * The cursor is the newest post seen per subreddit; later polls ask only for posts `before` it (newer),
 * page by page, saving the cursor after each page so a restart neither misses nor repeats. A first poll
 * takes the latest page only (no backfill). Every response's X-Ratelimit-* headers are kept in the cursor
 * (`quota`); when the window is spent, polling stops and resumes after its reset.
 */
export async function pollReddit(deps: PollerDeps, source: Source): Promise<PollResult> {
  const subreddits = (source.config.subreddits as string[] | undefined) ?? [];
  const creds = credentialsOf(source);
  const mode = creds ? 'oauth' : 'public';
  const cursor = { ...(source.cursor as { newest?: Record<string, string>; quota?: RedditQuota }) };
  const newest: Record<string, string> = { ...(cursor.newest ?? {}) };
  let quota = cursor.quota;
  const result: PollResult = { fetched: 0, stored: 0 };
  const save = () => saveSourceCursor(deps.db, source.id, { ...cursor, newest, ...(quota ? { quota } : {}) });

  const pauseIfSpent = (): boolean => {
    const now = deps.clock.now();
    if (!quotaExhausted(quota) || quota.mode !== mode || Date.parse(quota.resetAt) <= now.getTime())
      return false;
    result.pausedUntil = new Date(quota.resetAt);
    deps.logger.info(
      { sourceId: source.id, resetAt: quota.resetAt, used: quota.used },
      'Reddit quota spent; polling paused until the window resets',
    );
    return true;
  };

  const get = async (url: URL): Promise<Response> => {
    const headers: Record<string, string> = {
      'user-agent': deps.reddit.userAgent,
      accept: 'application/json',
    };
    if (creds === undefined) return getWithRetryOnReset(deps.fetch, url.toString(), { headers });
    const token = await deps.reddit.tokens.get(creds.clientId, creds.secret);
    const res = await getWithRetryOnReset(deps.fetch, url.toString(), {
      headers: { ...headers, authorization: `bearer ${token}` },
    });
    if (res.status !== 401) return res;
    // revoked or expired early: one fresh token, one more try
    deps.reddit.tokens.invalidate(creds.clientId, creds.secret);
    const fresh = await deps.reddit.tokens.get(creds.clientId, creds.secret);
    return getWithRetryOnReset(deps.fetch, url.toString(), {
      headers: { ...headers, authorization: `bearer ${fresh}` },
    });
  };

  if (pauseIfSpent()) return result;
  for (const sub of subreddits) {
    for (let page = 0; page < MAX_PAGES; page++) {
      const url =
        creds === undefined
          ? new URL(`${deps.reddit.baseUrl}/r/${encodeURIComponent(sub)}/new.json`)
          : new URL(`${deps.reddit.oauthUrl}/r/${encodeURIComponent(sub)}/new`);
      url.searchParams.set('limit', String(PAGE));
      url.searchParams.set('raw_json', '1');
      if (newest[sub]) url.searchParams.set('before', newest[sub]);
      const res = await get(url);
      quota = readRedditQuota(res, deps.clock.now(), mode) ?? quota;
      if (res.status === 429) {
        await save();
        throw new RateLimitedError('Reddit', redditRetryAfter(res, quota, deps.clock.now()));
      }
      if (!res.ok) {
        await save();
        throw new AppError('upstream_failed', `Reddit answered ${res.status} for r/${sub}`);
      }
      const listing = parseRedditListing(await res.json(), deps.reddit.baseUrl);
      if (listing.items.length === 0) {
        await save();
        if (pauseIfSpent()) return result;
        break;
      }
      result.fetched += listing.items.length;
      const stored = await ingestItems(deps, {
        projectId: source.projectId,
        kind: 'reddit',
        source,
        items: listing.items,
      });
      result.stored += stored.items.filter((i) => !i.duplicate).length;
      newest[sub] = listing.names[0]!;
      await save();
      if (pauseIfSpent()) return result;
      // a first poll takes one page; a later one follows until it has caught up
      if (!cursor.newest?.[sub] || listing.items.length < PAGE) break;
    }
  }
  return result;
}

/** Retry-After when Reddit sends it, else the end of the quota window, else a minute. */
function redditRetryAfter(res: Response, quota: RedditQuota | undefined, now: Date): number {
  const header = res.headers.get('retry-after');
  if (header && /^\d+$/.test(header)) return Number(header);
  if (quota !== undefined) {
    const wait = Math.ceil((Date.parse(quota.resetAt) - now.getTime()) / 1000);
    if (wait > 0) return wait;
  }
  return 60;
}
