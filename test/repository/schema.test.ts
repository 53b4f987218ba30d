import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const insertProject = async (name: string) =>
  (await db.pool.query<{ id: string }>('insert into projects (name) values ($1) returning id', [name]))
    .rows[0]!.id;

describe(`schema on ${process.env.SOULCASTER_TEST_ENGINE ?? 'pglite'}`, () => {
  it('has every domain table, each tenant table keyed by project_id', async () => {
    const { rows } = await db.pool.query<{ table_name: string }>(
      `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'project_id'`,
    );
    const tenant = rows.map((r) => r.table_name).sort();
    expect(tenant).toEqual(
      expect.arrayContaining([
        'agent_jobs',
        'api_keys',
        'clusters',
        'coding_plans',
        'feedback_items',
        'job_log_lines',
        'memberships',
        'sources',
        'webhook_deliveries',
      ]),
    );
    const all = await db.pool.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public'`,
    );
    expect(all.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['users', 'projects', 'schema_migrations']),
    );
  });

  it('is idempotent: migrating again applies nothing', async () => {
    const again = await migrate(db.pool);
    expect(again.applied).toEqual([]);
  });

  it('refuses a feedback item that points at another project’s cluster', async () => {
    const a = await insertProject('a');
    const b = await insertProject('b');
    const cluster = (
      await db.pool.query<{ id: string }>('insert into clusters (project_id) values ($1) returning id', [a])
    ).rows[0]!.id;
    await expect(
      db.pool.query(
        `insert into feedback_items (project_id, source, external_id, title, cluster_id) values ($1, 'manual', 'x1', 't', $2)`,
        [b, cluster],
      ),
    ).rejects.toThrow(/foreign key/);
    await db.pool.query(
      `insert into feedback_items (project_id, source, external_id, title, cluster_id) values ($1, 'manual', 'x1', 't', $2)`,
      [a, cluster],
    );
  });

  it('enforces one item per (project, source, external id) and valid statuses', async () => {
    const p = await insertProject('c');
    const insert = () =>
      db.pool.query(
        `insert into feedback_items (project_id, source, external_id, title) values ($1, 'sentry', 'evt-1', 't')`,
        [p],
      );
    await insert();
    await expect(insert()).rejects.toThrow(/unique|duplicate/);
    await expect(
      db.pool.query(`insert into clusters (project_id, status) values ($1, 'bogus')`, [p]),
    ).rejects.toThrow(/check/);
  });

  it('stores and ranks embeddings by cosine distance where pgvector is available', async (ctx) => {
    if (!db.hasVector) {
      console.log(
        'skipped: this PostgreSQL server has no pgvector extension (Debian postgresql-15 ships without it; .ci/run builds it)',
      );
      ctx.skip();
    }
    const p = await insertProject('v');
    for (const [id, v] of [
      ['near', '[1,0,0]'],
      ['far', '[0,1,0]'],
    ] as const) {
      await db.pool.query(
        `with i as (insert into feedback_items (project_id, source, external_id, title, embedding_model)
                    values ($1, 'manual', $2, $2, 'test') returning id)
         insert into item_embeddings (item_id, project_id, model, embedding) select id, $1, 'test', $3 from i`,
        [p, id, v],
      );
    }
    const { rows } = await db.pool.query<{ external_id: string }>(
      `select f.external_id from item_embeddings e join feedback_items f on f.id = e.item_id
        where e.project_id = $1 order by e.embedding <=> '[0.9,0.1,0]' limit 2`,
      [p],
    );
    expect(rows.map((r) => r.external_id)).toEqual(['near', 'far']);
  });
});
