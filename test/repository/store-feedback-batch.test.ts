import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFeedbackItem, type NewFeedbackItem } from '../../src/domain/feedback/feedback-item.js';
import { importFeedbackChunk } from '../../src/domain/feedback/import-feedback.js';
import { storeFeedbackBatch } from '../../src/domain/feedback/store-feedback-batch.js';
import { systemClock } from '../../src/lib/clock.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
let projectA: string;
let projectB: string;
const valid = (item: NewFeedbackItem) => newFeedbackItem.parse(item);

beforeAll(async () => {
  db = await createTestDatabase();
  projectA = (await createProject(db.pool, { name: 'a' })).id;
  projectB = (await createProject(db.pool, { name: 'b' })).id;
});
afterAll(() => db.close());

describe('storeFeedbackBatch', () => {
  it('stores many items in one statement, in order, with duplicates in the batch and before it', async () => {
    const before = await storeFeedbackBatch(db.pool, new Date(), [
      { projectId: projectA, item: valid({ source: 'sentry', externalId: 'e1', title: 'Old crash' }) },
    ]);
    const received = new Date('2026-01-02T03:04:05Z');
    const stored = await storeFeedbackBatch(db.pool, received, [
      {
        projectId: projectA,
        item: valid({ source: 'sentry', externalId: 'e2', title: 'New crash', body: 'b' }),
      },
      { projectId: projectA, item: valid({ source: 'sentry', externalId: 'e1', title: 'Old crash again' }) },
      { projectId: projectB, item: valid({ source: 'sentry', externalId: 'e2', title: 'Other project' }) },
      {
        projectId: projectA,
        item: valid({ source: 'sentry', externalId: 'e2', title: 'Same delivery twice' }),
      },
      {
        projectId: projectA,
        item: valid({
          source: 'manual',
          externalId: 'm1',
          title: 'With everything',
          url: 'https://example.com/r/1',
          author: 'ana',
          metadata: { plan: 'pro' },
          raw: { nested: [1, 'two'] },
          occurredAt: new Date('2025-12-31T00:00:00Z'),
        }),
      },
    ]);
    expect(stored.map((s) => [s.externalId, s.duplicate])).toEqual([
      ['e2', false],
      ['e1', true],
      ['e2', false],
      ['e2', true],
      ['m1', false],
    ]);
    expect(stored[1]!.id).toBe(before[0]!.id);
    expect(stored[3]!.id).toBe(stored[0]!.id);
    expect(stored[2]!.id).not.toBe(stored[0]!.id);
    const { rows } = await db.pool.query(
      `select title, body, url, author, metadata, raw, occurred_at, received_at from feedback_items
        where project_id = $1 and external_id = any($2::text[]) order by external_id`,
      [projectA, ['e2', 'm1']],
    );
    expect(rows).toEqual([
      expect.objectContaining({ title: 'New crash', body: 'b', received_at: received }),
      expect.objectContaining({
        title: 'With everything',
        url: 'https://example.com/r/1',
        author: 'ana',
        metadata: { plan: 'pro' },
        raw: { nested: [1, 'two'] },
        occurred_at: new Date('2025-12-31T00:00:00Z'),
      }),
    ]);
  });

  it('imports nothing of a chunk that holds an invalid item', async () => {
    const outbox = { enqueue: async () => undefined, committed: () => undefined };
    await expect(
      importFeedbackChunk({ db: db.pool, clock: systemClock, outbox }, projectA, [
        { source: 'manual', externalId: 'ok-1', title: 'fine' },
        { source: 'manual', externalId: 'bad', title: '' },
      ]),
    ).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('item 2') });
    const { rows } = await db.pool.query(`select 1 from feedback_items where external_id = 'ok-1'`);
    expect(rows).toHaveLength(0);
  });
});
