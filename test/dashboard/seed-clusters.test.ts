import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedClusters } from '../../src/bench/seed-clusters.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

// The clusters-api benchmark is only as honest as its data: check the seeded shape.
describe('seedClusters (bench clusters-api data)', () => {
  it('fills every cluster, skews sizes, and keeps counts consistent with the items', async () => {
    const p = await createProject(db.pool, { name: 'seed' });
    await seedClusters(db.pool, p.id, { clusters: 50, items: 2000 });
    const { rows } = await db.pool.query<{
      item_count: number;
      source_counts: Record<string, number>;
      actual: number;
      last_seen_at: Date | null;
    }>(
      `select c.item_count, c.source_counts, c.last_seen_at,
              (select count(*)::int from feedback_items f where f.cluster_id = c.id) as actual
         from clusters c where c.project_id = $1`,
      [p.id],
    );
    expect(rows).toHaveLength(50);
    const sizes = rows.map((r) => r.item_count);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes)).toBeGreaterThan(10 * Math.min(...sizes));
    for (const r of rows) {
      expect(r.actual).toBe(r.item_count);
      expect(Object.values(r.source_counts).reduce((a, b) => a + b, 0)).toBe(r.item_count);
      expect(r.last_seen_at).toBeInstanceOf(Date);
    }
  });
});
