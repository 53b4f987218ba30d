import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveCluster } from '../../src/domain/clustering/cluster-transitions.js';
import { pollClusterIssues } from '../../src/domain/github/poll-cluster-issues.js';
import { syncGithubRepo } from '../../src/domain/ingestion/pollers/sync-github.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource, getSource } from '../../src/domain/sources/source-repository.js';
import { setCookie } from '../auth/sign-in.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { githubDelivery, webhookRepository } from '../fakes/github-webhooks.js';
import { couponReports, seedCluster } from '../fixes/fix-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

/**
 * GitHub issues both ways: an issue created from a cluster (its state feeds the cluster, by signed webhook
 * and by the fallback poll, only through the cluster lifecycle), and reports imported from issues that
 * follow their issue (edits, closes; closed issues left out of the first sync unless asked).
 */
const TOKEN = 'ghp_issues0123456789abcdefghijklmnopq';
const SECRET = 'whsec-issues-follow';
let gh: FakeGithub;
let rt: TestRuntime;
let projectId: string;
let session: Record<string, string>;

beforeAll(async () => {
  gh = await startFakeGithub({ token: TOKEN });
  await gh.createRepo('acme/shop', { 'README.md': '# shop\n' });
  await gh.createRepo('acme/other', { 'README.md': '# other\n' });
  rt = await createTestRuntime({
    env: {
      GITHUB_API_URL: gh.url,
      GITHUB_WEB_URL: gh.url,
      SOULCASTER_LOCAL_MODE: 'auto',
      GITHUB_TOKEN: TOKEN,
      PUBLIC_URL: 'http://127.0.0.1:3000',
    },
  });
  const me = await rt.app.inject({ method: 'GET', url: '/api/me', headers: { host: '127.0.0.1:3000' } });
  session = {
    cookie: setCookie(me.headers, 'sc_session')!,
    'x-csrf-token': me.json().csrfToken as string,
    host: '127.0.0.1:3000',
  };
  projectId = (await createProject(rt.db.pool, { name: 'issues', repo: 'acme/shop' })).id;
  await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, {
    kind: 'github',
    name: 'shop',
    config: { repositories: ['acme/shop'] },
    secrets: { token: TOKEN, webhookSecret: SECRET },
  });
});
afterAll(async () => {
  await rt?.close();
  await gh?.close();
});

const api = (method: 'GET' | 'POST', url: string, headers = session) =>
  rt.app.inject({ method, url: `/api/projects/${projectId}${url}`, headers });
const deliver = (event: string, payload: Record<string, unknown>, secret = SECRET) => {
  const d = githubDelivery(secret, event, { ...payload, ...webhookRepository('acme/shop') });
  return rt.app.inject({
    method: 'POST',
    url: `/ingest/github/webhook?project_id=${projectId}`,
    headers: d.headers,
    payload: d.body,
  });
};
const cluster = async (id: string) =>
  (
    await rt.db.pool.query<{ status: string; reopened_count: number; status_reason: string | null }>(
      'select status, reopened_count, status_reason from clusters where id = $1',
      [id],
    )
  ).rows[0]!;

describe('a GitHub issue created from a cluster', () => {
  let clusterId: string;
  let number: number;

  it('is opened as the user with the reports linked to the dashboard, and linked to the cluster', async () => {
    clusterId = await seedCluster(rt, projectId, couponReports);
    expect((await api('GET', `/clusters/${clusterId}/github-issue`)).json()).toEqual({ issue: null });
    const res = await api('POST', `/clusters/${clusterId}/github-issue`);
    expect(res.statusCode).toBe(201);
    const link = res.json();
    number = link.number;
    expect(link).toMatchObject({
      repo: 'acme/shop',
      state: 'open',
      url: `${gh.url}/acme/shop/issues/${number}`,
    });
    const issue = gh.follow.issues.find((i) => i.number === number)!;
    const items = (
      await rt.db.pool.query<{ id: string }>('select id from feedback_items where cluster_id = $1', [
        clusterId,
      ])
    ).rows;
    expect(items).toHaveLength(2);
    for (const item of items)
      expect(issue.body).toContain(`(http://127.0.0.1:3000/dashboard/clusters/${clusterId}#item-${item.id})`);
    expect(issue.body).toContain('## Reports (2)');
    // the request went out with the user's token
    expect(
      gh.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/issues')).every((r) => r.authorized),
    ).toBe(true);
    expect((await api('GET', `/clusters/${clusterId}/github-issue`)).json().issue).toMatchObject({ number });
    // one issue per cluster
    const again = await api('POST', `/clusters/${clusterId}/github-issue`);
    expect(again.statusCode).toBe(409);
    expect(gh.follow.issues).toHaveLength(1);
  });

  it('refuses an API key (an issue is opened as a person)', async () => {
    const p = await createProject(rt.db.pool, { name: 'keyed', repo: 'acme/shop' });
    const res = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/clusters/${clusterId}/github-issue`,
      headers: { authorization: `Bearer ${p.apiKey}` },
    });
    expect([403, 404]).toContain(res.statusCode);
  });

  it('is not ingested as feedback when GitHub reports it opened', async () => {
    const res = await deliver('issues', { action: 'opened', issue: gh.issueView('acme/shop', number) });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ignored');
    const { rows } = await rt.db.pool.query(`select 1 from feedback_items where source = 'github'`);
    expect(rows).toHaveLength(0);
  });

  it('resolves the cluster when closed and reopens it when reopened (signed webhooks)', async () => {
    const closed = gh.changeIssue('acme/shop', number, { state: 'closed' });
    expect((await deliver('issues', { action: 'closed', issue: closed }, 'not-the-secret')).statusCode).toBe(
      401,
    );
    expect((await cluster(clusterId)).status).toBe('new');
    const res = await deliver('issues', { action: 'closed', issue: closed });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('accepted');
    expect(await cluster(clusterId)).toMatchObject({
      status: 'resolved',
      status_reason: 'its GitHub issue was closed',
    });
    expect((await api('GET', `/clusters/${clusterId}/github-issue`)).json().issue.state).toBe('closed');
    // a redelivery moves nothing twice
    expect((await deliver('issues', { action: 'closed', issue: closed })).json().status).toBe('ignored');

    const reopened = gh.changeIssue('acme/shop', number, { state: 'open' });
    await deliver('issues', { action: 'reopened', issue: reopened });
    expect(await cluster(clusterId)).toMatchObject({ status: 'new', reopened_count: 1 });
  });

  it('follows the issue by polling where no webhook arrives', async () => {
    gh.changeIssue('acme/shop', number, { state: 'closed' });
    expect(await pollClusterIssues(rt.services.fixes)).toMatchObject({ checked: 1, changed: 1 });
    expect((await cluster(clusterId)).status).toBe('resolved');
    gh.changeIssue('acme/shop', number, { state: 'open' });
    await pollClusterIssues(rt.services.fixes);
    expect(await cluster(clusterId)).toMatchObject({ status: 'new', reopened_count: 2 });
    expect(await pollClusterIssues(rt.services.fixes)).toMatchObject({ changed: 0 });
  });

  it('does not overtake a running fix: the lifecycle refuses the move, the issue state is still kept', async () => {
    await moveCluster(rt.db.pool, projectId, clusterId, 'fix-started');
    const closed = gh.changeIssue('acme/shop', number, { state: 'closed' });
    const res = await deliver('issues', { action: 'closed', issue: closed });
    expect(res.json().reason).toContain('the cluster did not move');
    expect((await cluster(clusterId)).status).toBe('fixing');
    expect((await api('GET', `/clusters/${clusterId}/github-issue`)).json().issue.state).toBe('closed');
  });
});

describe('reports imported from GitHub issues', () => {
  const item = async (n: number, repo = 'acme/shop') =>
    (
      await rt.db.pool.query<{
        title: string;
        body: string;
        metadata: Record<string, unknown>;
        embedding_model: string | null;
      }>(`select title, body, metadata, embedding_model from feedback_items where external_id = $1`, [
        `${repo}#${n}`,
      ])
    ).rows[0];
  let open: number;
  let closed: number;

  it('leaves closed issues out of the first sync unless the source says includeClosed', async () => {
    open = gh.openIssue(
      'acme/shop',
      'Search returns nothing for accented names',
      'Searching "José" finds nobody',
    ).number as number;
    closed = gh.openIssue('acme/shop', 'Old crash, long fixed').number as number;
    gh.changeIssue('acme/shop', closed, { state: 'closed' });
    const [source] = (await rt.db.pool.query<{ id: string }>(`select id from sources where name = 'shop'`))
      .rows;
    const src = await getSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, source!.id);
    const result = await syncGithubRepo(rt.services.pollers, src, projectId, 'acme/shop');
    // (the cluster's own issue is not feedback either)
    expect(result).toMatchObject({ stored: 1, skippedClosed: 1 });
    expect(await item(open)).toMatchObject({ title: 'Search returns nothing for accented names' });
    expect(await item(closed)).toBeUndefined();

    const other = await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, {
      kind: 'github',
      name: 'other',
      config: { repositories: ['acme/other'], includeClosed: true },
      secrets: { token: TOKEN },
    });
    const n = gh.openIssue('acme/other', 'Closed but wanted').number as number;
    gh.changeIssue('acme/other', n, { state: 'closed' });
    expect(await syncGithubRepo(rt.services.pollers, other, projectId, 'acme/other')).toMatchObject({
      stored: 1,
      skippedClosed: 0,
    });
    expect((await item(n, 'acme/other'))?.metadata.state).toBe('closed');
  });

  it('takes an edited title and body from the webhook, and drops the old vector', async () => {
    await rt.services.clustering.clusterItems(
      projectId,
      (
        await rt.db.pool.query<{ id: string }>(`select id from feedback_items where cluster_id is null`)
      ).rows.map((r) => r.id),
    );
    expect((await item(open))?.embedding_model).not.toBeNull();
    const edited = gh.changeIssue('acme/shop', open, {
      title: 'Search ignores accents',
      body: 'Searching "José" finds nobody; "Jose" works',
    });
    const res = await deliver('issues', {
      action: 'edited',
      issue: edited,
      changes: { title: { from: 'x' } },
    });
    expect(res.json()).toMatchObject({ status: 'accepted' });
    expect(await item(open)).toMatchObject({
      title: 'Search ignores accents',
      body: 'Searching "José" finds nobody; "Jose" works',
      embedding_model: null,
    });
    // the worker gives it the current model's vector again
    await rt.services.clustering.reembedStale();
    expect((await item(open))?.embedding_model).not.toBeNull();
  });

  it('marks the report closed when its issue closes, and follows a poll that sees a newer updated_at', async () => {
    const closedIssue = gh.changeIssue('acme/shop', open, { state: 'closed' });
    await deliver('issues', { action: 'closed', issue: closedIssue });
    expect((await item(open))?.metadata).toMatchObject({ state: 'closed' });
    expect((await item(open))?.metadata.closedAt).toEqual(expect.any(String));

    gh.changeIssue('acme/shop', open, {
      body: 'Edited on GitHub while no webhook was set up',
      state: 'open',
    });
    const [source] = (await rt.db.pool.query<{ id: string }>(`select id from sources where name = 'shop'`))
      .rows;
    const src = await getSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, source!.id);
    const result = await syncGithubRepo(rt.services.pollers, src, projectId, 'acme/shop');
    expect(result).toMatchObject({ updated: 1, stored: 0 });
    expect(await item(open)).toMatchObject({
      body: 'Edited on GitHub while no webhook was set up',
      metadata: expect.objectContaining({ state: 'open' }),
    });
    // a closed issue that was left out becomes feedback when it is reopened
    const reopened = gh.changeIssue('acme/shop', closed, { state: 'open' });
    const res = await deliver('issues', { action: 'reopened', issue: reopened });
    expect(res.statusCode).toBe(202);
    expect(await item(closed)).toMatchObject({ title: 'Old crash, long fixed' });
  });
});
