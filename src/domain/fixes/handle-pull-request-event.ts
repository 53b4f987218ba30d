import { z } from 'zod';
import type { Pool } from '../../db/database.js';
import type { NotificationRecorder } from '../notifications/notification-events.js';
import { AppError } from '../errors.js';
import { recordPullRequestState } from './record-pull-request-state.js';

const pullRequestEvent = z
  .object({
    action: z.string(),
    number: z.number().optional(),
    pull_request: z.object({ number: z.number(), merged: z.boolean().nullish(), state: z.string() }).loose(),
    repository: z.object({ full_name: z.string() }).loose(),
  })
  .loose();

/**
 * GitHub's `pull_request` webhook: `closed` (merged or not) and `reopened` move a fix's PR state and its
 * cluster (merged → resolved). PRs Soulcaster did not open are acknowledged and ignored.
 */
export async function handlePullRequestEvent(
  db: Pool,
  projectId: string,
  body: unknown,
  notifications?: NotificationRecorder,
): Promise<{ status: 'accepted' | 'ignored'; reason?: string; items: [] }> {
  const parsed = pullRequestEvent.safeParse(body);
  if (!parsed.success)
    throw new AppError(
      'malformed_payload',
      `not a GitHub pull_request event: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  const e = parsed.data;
  const state =
    e.action === 'closed'
      ? e.pull_request.merged
        ? 'merged'
        : 'closed'
      : e.action === 'reopened'
        ? 'open'
        : undefined;
  if (state === undefined)
    return { status: 'ignored', reason: `pull_request action "${e.action}" changes nothing`, items: [] };
  const clusters = await recordPullRequestState(
    db,
    { projectId, repo: e.repository.full_name, number: e.pull_request.number },
    state,
    notifications,
  );
  return clusters.length > 0
    ? { status: 'accepted', items: [] }
    : { status: 'ignored', reason: 'no Soulcaster fix opened this pull request', items: [] };
}
