import { AppError } from '../../errors.js';
import { saveSourceCursor } from '../../sources/source-repository.js';
import type { Source } from '../../sources/source.js';
import { ingestItems } from '../ingest-items.js';
import { parseRedditListing } from '../vendors/reddit.js';
import { RateLimitedError, retryAfterSeconds, type PollerDeps } from './poller-deps.js';
import { getWithRetryOnReset } from './get-with-retry-on-reset.js';

const PAGE = 100;
const MAX_PAGES = 10;

export interface PollResult {
  fetched: number;
  stored: number;
}

/**
 * Polls /r/{sub}/new.json for every configured subreddit. The cursor is the newest post seen per
 * subreddit; later polls ask only for posts `before` it (newer), page by page, saving the cursor after each
 * page so a restart neither misses nor repeats. A first poll takes the latest page only (no backfill).
 */
export async function pollReddit(deps: PollerDeps, source: Source): Promise<PollResult> {
  const subreddits = (source.config.subreddits as string[] | undefined) ?? [];
  const cursor = { ...(source.cursor as { newest?: Record<string, string> }) };
  const newest: Record<string, string> = { ...(cursor.newest ?? {}) };
  const result: PollResult = { fetched: 0, stored: 0 };
  for (const sub of subreddits) {
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = new URL(`${deps.reddit.baseUrl}/r/${encodeURIComponent(sub)}/new.json`);
      url.searchParams.set('limit', String(PAGE));
      url.searchParams.set('raw_json', '1');
      if (newest[sub]) url.searchParams.set('before', newest[sub]);
      const res = await getWithRetryOnReset(deps.fetch, url.toString(), {
        headers: { 'user-agent': deps.reddit.userAgent, accept: 'application/json' },
      });
      if (res.status === 429) throw new RateLimitedError('Reddit', retryAfterSeconds(res, deps.clock.now()));
      if (!res.ok) throw new AppError('upstream_failed', `Reddit answered ${res.status} for r/${sub}`);
      const listing = parseRedditListing(await res.json(), deps.reddit.baseUrl);
      if (listing.items.length === 0) break;
      result.fetched += listing.items.length;
      const stored = await ingestItems(deps, {
        projectId: source.projectId,
        kind: 'reddit',
        source,
        items: listing.items,
      });
      result.stored += stored.items.filter((i) => !i.duplicate).length;
      newest[sub] = listing.names[0]!;
      await saveSourceCursor(deps.db, source.id, { ...cursor, newest });
      // a first poll takes one page; a later one follows until it has caught up
      if (!cursor.newest?.[sub] || listing.items.length < PAGE) break;
    }
  }
  return result;
}
