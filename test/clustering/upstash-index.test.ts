import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeUpstash } from '../fakes/upstash-vector-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let upstash: Awaited<ReturnType<typeof startFakeUpstash>>;
let rt: TestRuntime;

beforeAll(async () => {
  upstash = await startFakeUpstash('up-token');
  rt = await createTestRuntime({
    env: {
      VECTOR_INDEX: 'upstash',
      UPSTASH_VECTOR_REST_URL: upstash.url,
      UPSTASH_VECTOR_REST_TOKEN: 'up-token',
    },
  });
});
afterAll(async () => {
  await rt.close();
  await upstash.close();
});

const add = async (projectId: string, title: string) => {
  const { item } = await storeFeedbackItem(
    { db: rt.db.pool, clock: rt.services.clock, clustering: { itemStored: async () => undefined } },
    projectId,
    { source: 'manual', externalId: `${projectId}:${title}`, title },
  );
  return (await rt.services.clustering.clusterItem(projectId, item.id))!.clusterId;
};

describe('Upstash Vector index', () => {
  it('clusters through Upstash, one namespace per model, never across projects', async () => {
    const a = (await createProject(rt.db.pool, { name: 'a' })).id;
    const b = (await createProject(rt.db.pool, { name: 'b' })).id;
    const c1 = await add(a, 'Export to PDF hangs forever');
    const c2 = await add(a, 'PDF export hangs forever');
    const c3 = await add(a, 'Notifications arrive twice');
    const other = await add(b, 'Export to PDF hangs forever');
    expect(c2).toBe(c1);
    expect(c3).not.toBe(c1);
    expect(other).not.toBe(c1);
    expect([...upstash.namespaces.keys()]).toEqual(['local-hybrid-v3-1088']);
    expect(upstash.namespaces.get('local-hybrid-v3-1088')!.size).toBe(4);
    const { rows } = await rt.db.pool.query('select count(*)::int as n from item_embeddings');
    expect(rows[0]!.n).toBe(0);
  });

  it('requires its URL and token', () => {
    expect(() => parseConfig({ VECTOR_INDEX: 'upstash' })).toThrow(
      /UPSTASH_VECTOR_REST_URL: required[\s\S]*UPSTASH_VECTOR_REST_TOKEN: required/,
    );
  });
});
