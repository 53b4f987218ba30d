import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../src/db/database.js';
import { newFeedbackItem } from '../../src/domain/feedback/feedback-item.js';
import { GroupCommitter, type PreparedIngest } from '../../src/domain/ingestion/group-commit.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSilentLogger } from '../../src/lib/logger.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let projectId: string;
let transactions = 0;
let committer: GroupCommitter;
let n = 0;

beforeAll(async () => {
  rt = await createTestRuntime();
  projectId = (await createProject(rt.db.pool, { name: 'group commit' })).id;
  const pool = rt.db.pool;
  // the same pool, counting the transactions the committer opens
  const counting: Pool = {
    query: (text, values) => pool.query(text, values),
    connect: () => {
      transactions++;
      return pool.connect();
    },
    end: () => pool.end(),
  };
  committer = new GroupCommitter({
    db: counting,
    clock: rt.services.clock,
    outbox: rt.services.clusteringOutbox,
    logger: createSilentLogger(),
    maxInFlight: 1,
    inRequestLane: (fn) => rt.db.inRequestLane(fn),
  });
});
afterAll(() => rt.close());

const delivery = (title: string, extra: Partial<PreparedIngest> = {}): PreparedIngest => ({
  projectId,
  kind: 'sentry',
  items: [newFeedbackItem.parse({ source: 'sentry', externalId: `g${n++}`, title })],
  ...extra,
});

describe('GroupCommitter', () => {
  it('stores concurrent deliveries in shared transactions, each answered with its own items and queued', async () => {
    const before = transactions;
    const reqs = Array.from({ length: 30 }, (_, i) => delivery(`Crash number ${i}`));
    const results = await Promise.all(reqs.map((r) => committer.submit(r)));
    results.forEach((r, i) => {
      expect(r.status).toBe('accepted');
      expect(r.items.map((it) => it.externalId)).toEqual([reqs[i]!.items[0]!.externalId]);
    });
    expect(transactions - before).toBeLessThanOrEqual(3);
    // the outbox: every stored item has its clustering job, written in the same transactions
    const ids = results.map((r) => r.items[0]!.id);
    const { rows } = await rt.db.pool.query<{ n: number }>(
      `select count(distinct i)::int as n from pgboss.job j, jsonb_array_elements_text(j.data->'itemIds') i
        where j.name = 'cluster-feedback-items' and i = any($1::text[])`,
      [ids],
    );
    expect(rows[0]!.n).toBe(30);
  });

  it('fails only the delivery that cannot be stored when it shares a group', async () => {
    const good = [delivery('Fine one'), delivery('Fine two')];
    // a source id that does not exist violates the items' foreign key, inside the shared transaction
    const bad = delivery('Broken', {});
    bad.items = [{ ...bad.items[0]!, sourceId: '00000000-0000-4000-8000-000000000000' }];
    const settled = await Promise.allSettled([good[0]!, bad, good[1]!].map((r) => committer.submit(r)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const { rows } = await rt.db.pool.query(
      `select title from feedback_items where project_id = $1 and title = any($2::text[]) order by title`,
      [projectId, ['Fine one', 'Fine two', 'Broken']],
    );
    expect(rows).toEqual([{ title: 'Fine one' }, { title: 'Fine two' }]);
  });

  it('stores a vendor delivery once, whether repeated in the same group or later', async () => {
    const twice = await Promise.all([
      committer.submit(delivery('Delivered twice', { deliveryId: 'd-1' })),
      committer.submit(delivery('Delivered twice (again)', { deliveryId: 'd-1' })),
    ]);
    expect(twice.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    const later = await committer.submit(delivery('Delivered a third time', { deliveryId: 'd-1' }));
    expect(later).toMatchObject({ status: 'duplicate', items: [] });
    const { rows } = await rt.db.pool.query<{ n: number }>(
      `select count(*)::int as n from webhook_deliveries where project_id = $1 and delivery_id = 'd-1'`,
      [projectId],
    );
    expect(rows[0]!.n).toBe(1);
  });
});
