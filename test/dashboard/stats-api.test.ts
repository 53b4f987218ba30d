import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

// "Now" for the server: stats count the last N UTC days back from here.
const NOW = new Date('2026-03-10T15:00:00Z');
let rt: TestRuntime;
let projectId: string;
let otherId: string;
let auth: Record<string, string>;
let otherAuth: Record<string, string>;

const at = (iso: string) => ({ now: () => new Date(iso) });

async function addItem(project: string, source: 'manual' | 'sentry', receivedAt: string, id: string) {
  await storeFeedbackItem(
    { db: rt.db.pool, clock: at(receivedAt), clustering: { itemStored: async () => undefined } },
    project,
    { source, externalId: id, title: `report ${id}` },
  );
}

async function addCluster(project: string, status: string): Promise<string> {
  const { rows } = await rt.db.pool.query<{ id: string }>(
    `insert into clusters (project_id, title, status) values ($1, 'c', $2) returning id`,
    [project, status],
  );
  return rows[0]!.id;
}

async function addJob(project: string, clusterId: string, status: string, pr?: [string, string]) {
  await rt.db.pool.query(
    `insert into agent_jobs (project_id, cluster_id, status, runner, agent, pr_url, pr_state)
     values ($1, $2, $3, 'local', 'kilo', $4, $5)`,
    [project, clusterId, status, pr?.[0] ?? null, pr?.[1] ?? null],
  );
}

beforeAll(async () => {
  rt = await createTestRuntime({ clock: { now: () => NOW } });
  const p = await createProject(rt.db.pool, { name: 'stats' });
  const o = await createProject(rt.db.pool, { name: 'someone else' });
  projectId = p.id;
  otherId = o.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
  otherAuth = { authorization: `Bearer ${o.apiKey}` };

  await addItem(projectId, 'manual', '2026-03-10T01:00:00Z', 'a');
  await addItem(projectId, 'manual', '2026-03-10T23:00:00Z', 'b');
  await addItem(projectId, 'sentry', '2026-03-10T02:00:00Z', 'c');
  await addItem(projectId, 'manual', '2026-03-08T12:00:00Z', 'd');
  // 2026-02-09 is day 30 counting back from 2026-03-10 inclusive; 2026-02-08 is outside the window
  await addItem(projectId, 'sentry', '2026-02-09T00:00:00Z', 'e');
  await addItem(projectId, 'sentry', '2026-02-08T23:59:59Z', 'f');
  await addItem(otherId, 'manual', '2026-03-10T01:00:00Z', 'x');

  const fixing = await addCluster(projectId, 'fixing');
  const opened = await addCluster(projectId, 'pr_opened');
  await addCluster(projectId, 'new');
  await addCluster(projectId, 'new');
  await addCluster(otherId, 'resolved');
  await addJob(projectId, fixing, 'running');
  await addJob(projectId, opened, 'failed');
  await addJob(projectId, opened, 'success', ['https://github.com/acme/shop/pull/7', 'open']);
  await addJob(projectId, opened, 'success', ['https://github.com/acme/shop/pull/8', 'merged']);
});
afterAll(() => rt.close());

const get = (path: string, headers = auth) =>
  rt.app.inject({ method: 'GET', url: `/api/projects/${projectId}${path}`, headers });

describe('GET /api/projects/:projectId/stats', () => {
  it('counts clusters by status, daily feedback per source, jobs and PRs of this project only', async () => {
    const res = await get('/stats?days=30');
    expect(res.statusCode).toBe(200);
    const { highlights, ...counts } = res.json();
    // the four clusters were created now (the database's clock) and none has reports: all new, none growing
    expect(highlights.newThisWeek).toHaveLength(4);
    expect(highlights.growingFastest).toEqual([]);
    expect(counts).toEqual({
      days: 30,
      clustersByStatus: { new: 2, fixing: 1, pr_opened: 1, failed: 0, resolved: 0, ignored: 0 },
      feedbackBySource: [
        { day: '2026-02-09', source: 'sentry', count: 1 },
        { day: '2026-03-08', source: 'manual', count: 1 },
        { day: '2026-03-10', source: 'manual', count: 2 },
        { day: '2026-03-10', source: 'sentry', count: 1 },
      ],
      jobsByStatus: { pending: 0, running: 1, success: 2, failed: 1, cancelled: 0 },
      prs: { open: 1, merged: 1, closed: 0 },
    });
  });

  it('defaults to 30 days and narrows the feedback window with ?days', async () => {
    expect((await get('/stats')).json().days).toBe(30);
    const today = (await get('/stats?days=1')).json();
    expect(today.feedbackBySource).toEqual([
      { day: '2026-03-10', source: 'manual', count: 2 },
      { day: '2026-03-10', source: 'sentry', count: 1 },
    ]);
  });

  it('rejects a bad window and hides the project from other keys and anonymous callers', async () => {
    expect((await get('/stats?days=0')).statusCode).toBe(400);
    expect((await get('/stats?days=400')).statusCode).toBe(400);
    expect((await get('/stats', otherAuth)).statusCode).toBe(404);
    expect((await get('/stats', {})).statusCode).toBe(401);
  });
});
