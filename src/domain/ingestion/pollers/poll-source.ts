import { describeError } from '../../../lib/describe-error.js';
import type { SecretBox } from '../../../lib/crypto.js';
import { getSource, saveSourceCursor } from '../../sources/source-repository.js';
import { pollReddit } from './poll-reddit.js';
import { RateLimitedError, type PollerDeps } from './poller-deps.js';
import { syncGithubRepo } from './sync-github.js';

export interface PollSourceDeps extends PollerDeps {
  secrets: SecretBox;
}

/**
 * One scheduled run of a polled source (Reddit subreddits, GitHub repositories). Errors are recorded on the
 * source for the dashboard and rethrown so the queue retries with backoff; a rate limit also sets
 * `retryAfter` so the scheduler leaves the source alone until then.
 */
export async function pollSource(
  deps: PollSourceDeps,
  projectId: string,
  sourceId: string,
): Promise<{ fetched: number; stored: number }> {
  const source = await getSource(deps, projectId, sourceId);
  if (!source.enabled) return { fetched: 0, stored: 0 };
  try {
    let fetched = 0;
    let stored = 0;
    let pausedUntil: Date | undefined;
    if (source.kind === 'reddit') {
      ({ fetched, stored, pausedUntil } = await pollReddit(deps, source));
    } else if (source.kind === 'github') {
      for (const repo of (source.config.repositories as string[] | undefined) ?? []) {
        // re-read so each repository starts from the cursor the previous one saved
        const r = await syncGithubRepo(deps, await getSource(deps, projectId, sourceId), projectId, repo);
        fetched += r.fetched;
        stored += r.stored;
      }
    }
    const fresh = await getSource(deps, projectId, sourceId);
    const { retryAfter: _cleared, ...cursor } = fresh.cursor;
    // a spent vendor quota is no failure: the scheduler just leaves the source alone until it resets
    const next = pausedUntil ? { ...cursor, retryAfter: pausedUntil.toISOString() } : cursor;
    await saveSourceCursor(deps.db, sourceId, next, { error: null, ranAt: deps.clock.now() });
    deps.logger.info({ sourceId, kind: source.kind, fetched, stored }, 'source polled');
    return { fetched, stored };
  } catch (err) {
    const fresh = await getSource(deps, projectId, sourceId);
    const cursor =
      err instanceof RateLimitedError
        ? {
            ...fresh.cursor,
            retryAfter: new Date(deps.clock.now().getTime() + err.retryAfterSeconds * 1000).toISOString(),
          }
        : fresh.cursor;
    await saveSourceCursor(deps.db, sourceId, cursor, {
      error: describeError(err),
      ranAt: deps.clock.now(),
    });
    throw err;
  }
}
