import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeedbackItem, type StoreFeedbackDeps } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { systemClock } from '../../src/lib/clock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
let deps: StoreFeedbackDeps;
const triggered: string[] = [];
let projectId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  deps = {
    db: db.pool,
    clock: systemClock,
    clustering: { itemStored: async (_p, id) => void triggered.push(id) },
  };
  projectId = (await createProject(db.pool, { name: 'feedback' })).id;
});
afterAll(() => db.close());

describe('storeFeedbackItem', () => {
  it('stores a normalized item and triggers clustering once', async () => {
    const { item, duplicate } = await storeFeedbackItem(deps, projectId, {
      source: 'sentry',
      externalId: 'evt-1',
      title: 'TypeError: x is undefined',
      body: 'at app.js:10',
      url: 'https://sentry.example/issues/1',
      metadata: { level: 'error' },
      raw: { id: 'evt-1' },
      occurredAt: new Date('2026-01-01T00:00:00Z'),
    });
    expect(duplicate).toBe(false);
    expect(item).toMatchObject({
      projectId,
      source: 'sentry',
      externalId: 'evt-1',
      metadata: { level: 'error' },
      clusterId: null,
    });
    expect(triggered).toEqual([item.id]);
  });

  it('answers a repeated external id as a duplicate without storing or triggering again', async () => {
    triggered.length = 0;
    const first = await storeFeedbackItem(deps, projectId, {
      source: 'manual',
      externalId: 'm-1',
      title: 'Login broken',
    });
    const second = await storeFeedbackItem(deps, projectId, {
      source: 'manual',
      externalId: 'm-1',
      title: 'Login broken (again)',
    });
    expect(second.duplicate).toBe(true);
    expect(second.item.id).toBe(first.item.id);
    expect(second.item.title).toBe('Login broken');
    expect(triggered).toEqual([first.item.id]);
  });

  it('stores one row for concurrent deliveries of the same report', async () => {
    triggered.length = 0;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        storeFeedbackItem(deps, projectId, { source: 'datadog', externalId: 'alert-7', title: 'CPU high' }),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.item.id)).size).toBe(1);
    const { rows } = await db.pool.query(
      `select id from feedback_items where project_id = $1 and external_id = 'alert-7'`,
      [projectId],
    );
    expect(rows).toHaveLength(1);
    expect(triggered).toHaveLength(1);
  });

  it('rejects invalid items with a validation error and stores nothing', async () => {
    await expect(
      storeFeedbackItem(deps, projectId, { source: 'manual', externalId: '', title: '' }),
    ).rejects.toThrow(/externalId|title/);
    const { rows } = await db.pool.query(
      `select id from feedback_items where project_id = $1 and source = 'manual' and external_id = ''`,
      [projectId],
    );
    expect(rows).toHaveLength(0);
  });
});
