import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToClusterStats,
  refreshClusterStats,
  rerankClusters,
} from '../../src/domain/clustering/cluster-repository.js';
import { listClusterHighlights } from '../../src/domain/clustering/list-cluster-highlights.js';
import { listClusters } from '../../src/domain/clustering/list-clusters.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
let projectId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  projectId = (await createProject(db.pool, { name: 'priority' })).id;
});
afterAll(() => db.close());

const DAY = 86_400_000;
const utcDay = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);

async function newCluster(title: string): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    'insert into clusters (project_id, title) values ($1, $2) returning id',
    [projectId, title],
  );
  return rows[0]!.id;
}

let seq = 0;
/** items received `daysAgo` days ago, already assigned to the cluster (as the clustering pipeline leaves them) */
async function addItems(
  clusterId: string,
  items: { daysAgo: number; author?: string; source?: string }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const it of items) {
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into feedback_items (project_id, source, external_id, title, author, cluster_id, received_at)
       values ($1, $2, $3, 'report', $4, $5, now() - make_interval(secs => $6 * 86400)) returning id`,
      [projectId, it.source ?? 'manual', `p${seq++}`, it.author ?? null, clusterId, it.daysAgo],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}

type Row = {
  item_count: number;
  author_count: number;
  daily_counts: Record<string, number>;
  recent_count: number;
  previous_count: number;
  priority: number;
};
const columns = async (id: string) =>
  (
    await db.pool.query<Row>(
      `select item_count, author_count, daily_counts, recent_count, previous_count, priority
         from clusters where id = $1`,
      [id],
    )
  ).rows[0]!;

const log2 = (x: number) => Math.log2(x);
const round1 = (x: number) => Math.round(x * 10) / 10;
/** the documented formula (docs/DASHBOARD.md, Priority), computed independently of the SQL */
const expectedScore = (r: number, a: number, s: number, recent: number, prev: number) =>
  round1(10 * log2(1 + r)) +
  round1(15 * log2(1 + a)) +
  8 * Math.max(s - 1, 0) +
  round1(20 * log2(1 + recent)) +
  round1(10 * log2(1 + Math.max(recent - prev, 0)));

describe('cluster priority', () => {
  let growing: string;
  let old: string;

  it('adds items incrementally: authors counted once, reports per day, windows and score', async () => {
    growing = await newCluster('Checkout broken');
    const first = await addItems(growing, [
      { daysAgo: 9, author: 'ann' },
      { daysAgo: 10, author: 'bob' },
    ]);
    await addToClusterStats(db.pool, { projectId, clusterId: growing, itemIds: first });
    const second = await addItems(growing, [
      { daysAgo: 1, author: 'ann', source: 'sentry' },
      { daysAgo: 1, author: 'cy' },
      { daysAgo: 0, author: 'cy' },
      { daysAgo: 0 },
      { daysAgo: 30, author: 'dee' },
    ]);
    await addToClusterStats(db.pool, { projectId, clusterId: growing, itemIds: second });
    const c = await columns(growing);
    expect(c).toMatchObject({ item_count: 7, author_count: 4, recent_count: 4, previous_count: 2 });
    // the 30-day-old report is outside the 14 kept days
    expect(c.daily_counts).toEqual({ [utcDay(10)]: 1, [utcDay(9)]: 1, [utcDay(1)]: 2, [utcDay(0)]: 2 });
    expect(c.priority).toBeCloseTo(expectedScore(7, 4, 2, 4, 2), 5);

    // a full recount lands on the same numbers
    await db.pool.query(
      `update clusters set author_count = 0, daily_counts = '{}', recent_count = 0, previous_count = 0, priority = 0 where id = $1`,
      [growing],
    );
    await refreshClusterStats(db.pool, { projectId, clusterId: growing });
    expect(await columns(growing)).toEqual(c);
  });

  it('rolls windows forward once the day changed, and only then', async () => {
    old = await newCluster('Old crash');
    await addToClusterStats(db.pool, {
      projectId,
      clusterId: old,
      itemIds: await addItems(old, [{ daysAgo: 3, author: 'x' }]),
    });
    expect(await columns(old)).toMatchObject({ recent_count: 1, previous_count: 0 });
    // as if ranked 5 days ago: the report then was 3 days old in the kept days, now it is 8 days old
    await db.pool.query(
      `update clusters set daily_counts = jsonb_build_object($2::text, 1), ranked_on = current_date - 5 where id = $1`,
      [old, utcDay(8)],
    );
    expect(await rerankClusters(db.pool)).toBe(1);
    const c = await columns(old);
    expect(c).toMatchObject({ recent_count: 0, previous_count: 1 });
    expect(c.priority).toBeCloseTo(expectedScore(1, 1, 1, 0, 1), 5);
    expect(await rerankClusters(db.pool)).toBe(0);
  });

  it('lists by priority by default with a total, the score parts and a 7-day trend', async () => {
    const page = await listClusters(db.pool, projectId, { limit: 1 });
    expect(page.total).toBe(2);
    const top = page.items[0]!;
    expect(top.id).toBe(growing);
    expect(top.trend).toEqual([0, 0, 0, 0, 0, 2, 2]);
    expect(top.priority).toMatchObject({ reports: 7, authors: 4, sources: 2, recent: 4, previous: 2 });
    const parts = top.priority.parts;
    expect(parts.reports + parts.authors + parts.sources + parts.recent + parts.growth).toBeCloseTo(
      top.priority.score,
      5,
    );
    const next = await listClusters(db.pool, projectId, { limit: 1, cursor: page.nextCursor! });
    expect(next.items.map((c) => c.id)).toEqual([old]);
    expect(next.nextCursor).toBeNull();
    expect((await listClusters(db.pool, projectId, { q: 'crash' })).total).toBe(1);
  });

  it('picks new and growing clusters for the overview', async () => {
    // "Old crash" was created now but its first report is 3 days old: new; it is not growing
    const h = await listClusterHighlights(db.pool, projectId);
    expect(h.growingFastest.map((c) => c.id)).toEqual([growing]);
    // "Checkout broken" has a 30-day-old report: not new this week
    expect(h.newThisWeek.map((c) => c.id)).toEqual([old]);
  });
});
