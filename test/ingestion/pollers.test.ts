import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDueSources } from '../../src/domain/sources/source-repository.js';
import { pollSource } from '../../src/domain/ingestion/pollers/poll-source.js';
import { RateLimitedError } from '../../src/domain/ingestion/pollers/poller-deps.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource, getSource } from '../../src/domain/sources/source-repository.js';
import { startFakeGithubIssues, type FakeGithubIssues } from '../fakes/github-issues-server.js';
import { startFakeReddit, type FakeReddit } from '../fakes/reddit-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let reddit: FakeReddit;
let github: FakeGithubIssues;
let projectId: string;
let apiKey: string;

const items = async (source: string) =>
  (
    await rt.db.pool.query<{ external_id: string }>(
      'select external_id from feedback_items where project_id = $1 and source = $2',
      [projectId, source],
    )
  ).rows.map((r) => r.external_id);

beforeAll(async () => {
  reddit = await startFakeReddit();
  github = await startFakeGithubIssues({ token: 'ghp_test_token' });
  rt = await createTestRuntime({
    env: { REDDIT_BASE_URL: reddit.url, GITHUB_API_URL: github.url },
    workers: true,
  });
  const p = await createProject(rt.db.pool, { name: 'pollers' });
  projectId = p.id;
  apiKey = p.apiKey;
});
afterAll(async () => {
  await rt.close();
  await reddit.close();
  await github.close();
});

describe('Reddit poller', () => {
  let sourceId: string;
  it('takes the latest page first, then only newer posts, resuming from the saved cursor', async () => {
    const source = await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, {
      kind: 'reddit',
      config: { subreddits: ['AskReddit'] },
    });
    sourceId = source.id;
    const first = await pollSource(rt.services.pollers, projectId, sourceId);
    expect(first).toEqual({ fetched: 100, stored: 100 });
    const newestName = reddit.posts[0]!.name;
    expect(
      (await getSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, sourceId)).cursor,
    ).toEqual({ newest: { AskReddit: newestName } });
    expect(reddit.requests.at(-1)!.headers['user-agent']).toMatch(/soulcaster/);

    reddit.addPost('The app crashes when I upload a photo');
    reddit.addPost('Upload spinner never finishes');
    // A fresh set of deps stands in for a restarted process: only the database carries the cursor.
    const second = await pollSource(rt.services.pollers, projectId, sourceId);
    expect(second).toEqual({ fetched: 2, stored: 2 });
    expect(new URL(reddit.requests.at(-1)!.url, 'http://x').searchParams.get('before')).toBe(newestName);
    const third = await pollSource(rt.services.pollers, projectId, sourceId);
    expect(third).toEqual({ fetched: 0, stored: 0 });
    expect(await items('reddit')).toHaveLength(102);
  });

  it('backs off on 429: records the error and retryAfter, and the scheduler skips the source until then', async () => {
    reddit.rateLimitNext(1, 120);
    await expect(pollSource(rt.services.pollers, projectId, sourceId)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    const s = await getSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, sourceId);
    expect(s.lastError).toMatch(/Reddit rate limit: retry after 120s/);
    expect(Date.parse(s.cursor.retryAfter as string)).toBeGreaterThan(Date.now() + 100_000);
    // make the polling interval no obstacle, so only the rate limit decides
    await rt.db.pool.query(`update sources set last_run_at = now() - interval '1 hour' where id = $1`, [
      sourceId,
    ]);
    const soon = await findDueSources(rt.db.pool, { now: new Date(Date.now() + 60_000) });
    expect(soon.map((d) => d.sourceId)).not.toContain(sourceId);
    const later = await findDueSources(rt.db.pool, { now: new Date(Date.now() + 130_000) });
    expect(later.map((d) => d.sourceId)).toContain(sourceId);
  });
});

describe('GitHub issues sync', () => {
  let sourceId: string;
  it('pages through Link headers, skips pull requests, and syncs incrementally with since', async () => {
    for (let i = 1; i <= 230; i++) github.addIssue('acme/shop', `Issue ${i}`, { pullRequest: i % 10 === 0 });
    const source = await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, {
      kind: 'github',
      config: { repositories: ['acme/shop'] },
      secrets: { token: 'ghp_test_token' },
    });
    sourceId = source.id;
    // This test polls by hand; the runtime's workers would also poll a never-run source on their next
    // scheduler tick, and a scheduled poll running alongside stores half the items first.
    await rt.db.pool.query('update sources set last_run_at = now() where id = $1', [sourceId]);
    const first = await pollSource(rt.services.pollers, projectId, sourceId);
    expect(first).toEqual({ fetched: 207, stored: 207 });
    const pages = github.requests.filter((r) => r.url.startsWith('/repos/acme/shop/issues'));
    expect(pages).toHaveLength(3);
    expect(pages[0]!.headers.authorization).toBe('Bearer ghp_test_token');

    github.addIssue('acme/shop', 'Checkout fails with 500');
    github.touch('acme/shop', 5);
    const second = await pollSource(rt.services.pollers, projectId, sourceId);
    // the new issue and the edited one (stored before: a duplicate); the boundary item of the last page
    // (since is inclusive) was pull request 230, so it is skipped again
    expect(second).toEqual({ fetched: 2, stored: 1 });
    expect(new URL(github.requests.at(-1)!.url, 'http://x').searchParams.get('since')).toBeTruthy();
    expect(await items('github')).toHaveLength(208);
    // 207 issues stored and clustered by the runtime's workers meanwhile: slow on a loaded machine
  }, 180_000);

  it('treats the 403 rate-limit answer as a rate limit', async () => {
    github.rateLimitNext(1);
    await expect(pollSource(rt.services.pollers, projectId, sourceId)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it('syncs one repository on demand at POST /ingest/github/sync/{owner}/{repo}', async () => {
    github.addIssue('acme/shop', 'Search returns nothing for accented words');
    const res = await rt.app.inject({
      method: 'POST',
      url: `/ingest/github/sync/acme/shop?project_id=${projectId}`,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ repo: 'acme/shop', stored: 1 });
    const unauth = await rt.app.inject({
      method: 'POST',
      url: `/ingest/github/sync/acme/shop?project_id=${projectId}`,
    });
    expect(unauth.statusCode).toBe(401);
  });
});

describe('scheduled polling as durable jobs', () => {
  it('the scheduler job enqueues due sources and the poll job stores their new items', async () => {
    reddit.addPost('Dark mode resets after every update');
    await rt.db.pool.query(
      `update sources set last_run_at = now() - interval '1 hour', cursor = cursor - 'retryAfter' where project_id = $1`,
      [projectId],
    );
    await rt.services.queue.send('schedule-source-polls', {});
    const deadline = Date.now() + 30_000;
    while (!(await items('reddit')).includes(reddit.posts[0]!.name) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await items('reddit')).toContain(reddit.posts[0]!.name);
  });
});
