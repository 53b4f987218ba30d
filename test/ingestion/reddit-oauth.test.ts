import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDueSources } from '../../src/domain/sources/source-repository.js';
import { pollSource } from '../../src/domain/ingestion/pollers/poll-source.js';
import { RateLimitedError } from '../../src/domain/ingestion/pollers/poller-deps.js';
import { RedditTokenCache } from '../../src/domain/ingestion/pollers/reddit-token-cache.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeReddit, type FakeReddit } from '../fakes/reddit-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

const app = { clientId: 'p-jcoLKBynTLew', clientSecret: 'gko_LXELoV07ZBNUXrvWZfzE3aI' };

let rt: TestRuntime;
let reddit: FakeReddit;
let projectId: string;
let auth: Record<string, string>;

const api = (method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown) =>
  rt.app.inject({
    method,
    url: `/api/projects/${projectId}${path}`,
    headers: auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const stored = async (sourceId: string) =>
  Number(
    (
      await rt.db.pool.query<{ n: string }>('select count(*) as n from feedback_items where source_id = $1', [
        sourceId,
      ])
    ).rows[0]!.n,
  );

beforeAll(async () => {
  reddit = await startFakeReddit({ app });
  rt = await createTestRuntime({
    env: {
      REDDIT_BASE_URL: reddit.url,
      REDDIT_OAUTH_URL: reddit.oauthUrl,
      REDDIT_USER_AGENT: 'server:soulcaster-test:0.1 (by /u/soulcaster)',
    },
  });
  const p = await createProject(rt.db.pool, { name: 'reddit-oauth' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
});
afterAll(async () => {
  await rt.close();
  await reddit.close();
});

describe('Reddit app-only OAuth', () => {
  let sourceId: string;

  it('takes a client id and a sealed client secret, and polls the OAuth host with a cached bearer token', async () => {
    const created = await api('POST', '/sources', {
      kind: 'reddit',
      name: 'oauth',
      config: { subreddits: ['AskReddit'], clientId: app.clientId },
      secrets: { clientSecret: app.clientSecret },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain(app.clientSecret);
    expect(created.json().secrets.clientSecret).toMatch(/•/);
    sourceId = created.json().id;

    const first = await pollSource(rt.services.pollers, projectId, sourceId);
    expect(first).toEqual({ fetched: 100, stored: 100 });
    const tokenCall = reddit.requests.find((r) => r.url === '/api/v1/access_token')!;
    expect(tokenCall.method).toBe('POST');
    expect(tokenCall.headers.authorization).toBe(
      `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
    );
    expect(tokenCall.headers['user-agent']).toBe('server:soulcaster-test:0.1 (by /u/soulcaster)');
    // every listing went to the OAuth host, none to the public .json
    expect(reddit.requests.filter((r) => r.url.includes('/r/'))).toHaveLength(0);
    const listing = reddit.oauthRequests.at(-1)!;
    expect(listing.url).toMatch(/^\/r\/AskReddit\/new\?limit=100&raw_json=1$/);
    expect(listing.headers.authorization).toBe('bearer fake-app-token-1');

    reddit.addPost('Dark mode resets after every update');
    const second = await pollSource(rt.services.pollers, projectId, sourceId);
    expect(second).toEqual({ fetched: 1, stored: 1 });
    expect(reddit.tokensIssued()).toBe(1); // the token was reused, not asked for again
    expect(await stored(sourceId)).toBe(101);
  });

  it('stores the quota the X-Ratelimit headers report and shows it on the source', async () => {
    const view = (await api('GET', `/sources/${sourceId}`)).json();
    expect(view.quota).toMatchObject({ remaining: 598, used: 2, mode: 'oauth' });
    const resetIn = Date.parse(view.quota.resetAt) - Date.now();
    expect(resetIn).toBeGreaterThan(500_000);
    expect(resetIn).toBeLessThanOrEqual(600_000);
  });

  it('asks for a new token once when Reddit revokes the cached one', async () => {
    reddit.revokeTokens();
    reddit.addPost('Search ignores accents');
    const res = await pollSource(rt.services.pollers, projectId, sourceId);
    expect(res).toEqual({ fetched: 1, stored: 1 });
    expect(reddit.tokensIssued()).toBe(2);
    expect(reddit.oauthRequests.at(-1)!.headers.authorization).toBe('bearer fake-app-token-2');
  });

  it('pauses polling until the window resets when the quota is spent, without calling it a failure', async () => {
    reddit.setQuota(1, 300);
    reddit.addPost('Notifications arrive twice');
    const spent = await pollSource(rt.services.pollers, projectId, sourceId);
    expect(spent.stored).toBe(1);
    const view = (await api('GET', `/sources/${sourceId}`)).json();
    expect(view.quota).toMatchObject({ remaining: 0, used: 1 });
    expect(view.lastError).toBeNull();
    const { rows } = await rt.db.pool.query<{ cursor: { retryAfter?: string } }>(
      'select cursor from sources where id = $1',
      [sourceId],
    );
    const retryAfter = Date.parse(rows[0]!.cursor.retryAfter!);
    expect(retryAfter).toBeGreaterThan(Date.now() + 250_000);

    // a poll started anyway (on demand) asks Reddit nothing while the window is spent
    const before = reddit.oauthRequests.length;
    reddit.addPost('Export to CSV drops the header row');
    expect(await pollSource(rt.services.pollers, projectId, sourceId)).toMatchObject({ fetched: 0 });
    expect(reddit.oauthRequests.length).toBe(before);

    // and the scheduler leaves it alone until the reset
    await rt.db.pool.query(`update sources set last_run_at = now() - interval '1 hour' where id = $1`, [
      sourceId,
    ]);
    const due = async (at: number) =>
      (await findDueSources(rt.db.pool, { now: new Date(at) })).map((d) => d.sourceId).includes(sourceId);
    expect(await due(Date.now() + 60_000)).toBe(false);
    expect(await due(retryAfter + 1000)).toBe(true);
  });

  it('turns a 429 into a rate limit that waits for the end of the window', async () => {
    reddit.setQuota(0, 240);
    await rt.db.pool.query(`update sources set cursor = cursor - 'quota' where id = $1`, [sourceId]);
    const err = await pollSource(rt.services.pollers, projectId, sourceId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterSeconds).toBeGreaterThan(200);
    expect((err as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(240);
  });

  it('reports refused client credentials on the source', async () => {
    const bad = await api('POST', '/sources', {
      kind: 'reddit',
      name: 'wrong-secret',
      config: { subreddits: ['AskReddit'], clientId: app.clientId },
      secrets: { clientSecret: 'not-the-secret' },
    });
    const id = bad.json().id as string;
    await expect(pollSource(rt.services.pollers, projectId, id)).rejects.toThrow(/refused the OAuth client/);
    expect((await api('GET', `/sources/${id}`)).json().lastError).toMatch(
      /refused the OAuth client id or secret/,
    );
  });

  it('keeps the public .json listing when no credentials are set, and refuses half of them', async () => {
    const pub = await api('POST', '/sources', {
      kind: 'reddit',
      name: 'public',
      config: { subreddits: ['AskReddit'] },
    });
    const before = reddit.oauthRequests.length;
    const res = await pollSource(rt.services.pollers, projectId, pub.json().id);
    expect(res.fetched).toBeGreaterThan(0);
    expect(reddit.oauthRequests.length).toBe(before);
    const last = reddit.requests.at(-1)!;
    expect(last.url).toMatch(/^\/r\/AskReddit\/new\.json\?/);
    expect(last.headers.authorization).toBeUndefined();

    const half = await api('POST', '/sources', {
      kind: 'reddit',
      name: 'half',
      config: { subreddits: ['AskReddit'], clientId: app.clientId },
    });
    await expect(pollSource(rt.services.pollers, projectId, half.json().id)).rejects.toThrow(
      /needs both the client id and the client secret/,
    );
  });

  it('rejects a malformed client id with a readable error', async () => {
    const res = await api('POST', '/sources', {
      kind: 'reddit',
      name: 'bad-id',
      config: { subreddits: ['AskReddit'], clientId: 'has spaces!' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/client id is letters, digits/);
  });
});

describe('the token cache', () => {
  it('reuses a token until a minute before it expires, then asks for a new one', async () => {
    const shortLived = await startFakeReddit({ app, tokenTtlSeconds: 3600 });
    let now = Date.parse('2026-11-29T12:00:00Z');
    const tokens = new RedditTokenCache({
      fetch,
      clock: { now: () => new Date(now) },
      baseUrl: shortLived.url,
      userAgent: 'server:soulcaster-test:0.1',
    });
    try {
      expect(await tokens.get(app.clientId, app.clientSecret)).toBe('fake-app-token-1');
      now += 3600_000 - 61_000;
      expect(await tokens.get(app.clientId, app.clientSecret)).toBe('fake-app-token-1');
      now += 2_000; // inside the last minute
      expect(await tokens.get(app.clientId, app.clientSecret)).toBe('fake-app-token-2');
      // another secret for the same client id is another credential, never the cached token
      await expect(tokens.get(app.clientId, 'rotated-secret')).rejects.toThrow(/refused the OAuth client/);
      expect(shortLived.tokensIssued()).toBe(2);
    } finally {
      await shortLived.close();
    }
  });
});
