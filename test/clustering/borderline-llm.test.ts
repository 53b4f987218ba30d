import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeOpenAIChat, type FakeLlm } from '../fakes/llm-servers.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let llm: FakeLlm;
let projectId: string;
let auth: Record<string, string>;

beforeAll(async () => {
  llm = await startFakeOpenAIChat('sk-check');
  rt = await createTestRuntime({
    env: {
      LLM_PROVIDER: 'openai',
      LLM_API_KEY: 'sk-check',
      LLM_BASE_URL: `${llm.url}/v1`,
      // every match is borderline, so each one is asked; two questions an hour at most
      CLUSTERING_LLM_BAND: '1',
      CLUSTERING_LLM_MAX_PER_HOUR: '2',
    },
  });
  const p = await createProject(rt.db.pool, { name: 'borderline' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
});
afterAll(async () => {
  await rt.close();
  await llm.close();
});

const report = async (title: string, body: string) => {
  const { item } = await storeFeedbackItem(
    { db: rt.db.pool, clock: rt.services.clock, clustering: { itemStored: async () => undefined } },
    projectId,
    { source: 'manual', externalId: title, title, body },
  );
  const r = await rt.services.clustering.clusterItem(projectId, item.id);
  return { id: item.id, clusterId: r!.clusterId };
};

describe('LLM check of borderline matches (OpenAI chat completions wire format)', () => {
  it('asks "same underlying problem?", follows the answer, stores it with the reason and shows it', async () => {
    const a = await report(
      'Checkout button does nothing on Safari',
      'Clicking pay does nothing (ann@shop.example).',
    );
    expect(llm.bodies).toHaveLength(0); // nothing to compare with yet

    llm.answers.push(
      JSON.stringify({ same: false, reason: 'B is about the cart total, A about the pay button.' }),
    );
    const b = await report('Checkout button not working on Safari', 'The cart total is wrong at checkout.');
    expect(llm.bodies).toHaveLength(1);
    const prompt = JSON.stringify(llm.bodies[0]);
    expect(prompt).toContain('Same underlying problem?');
    expect(prompt).toContain('Checkout button does nothing on Safari');
    expect(prompt).not.toContain('ann@shop.example'); // scrubbed
    expect(b.clusterId).not.toBe(a.clusterId); // the rule alone would have joined (tested below)

    llm.answers.push(
      JSON.stringify({ same: true, reason: 'Both say the Safari pay button is unresponsive.' }),
    );
    const c = await report(
      'Safari: pay button unresponsive',
      'Pressing the checkout button on Safari does nothing.',
    );
    expect(llm.bodies).toHaveLength(2);
    expect([a.clusterId, b.clusterId]).toContain(c.clusterId);

    const res = await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/clusters/${b.clusterId}`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    const shown = (res.json() as { items: { id: string; clustering: Record<string, unknown> }[] }).items.find(
      (i) => i.id === b.id,
    )!;
    expect(shown.clustering).toMatchObject({
      kind: 'single',
      nearestItemId: a.id,
      llmVerdict: false,
      llmReason: 'B is about the cart total, A about the pay button.',
    });
    expect(shown.clustering.nearestSimilarity).toBeGreaterThan(shown.clustering.threshold as number);
  });

  it('answers are cached per pair and capped per hour; over the cap the threshold decides', async () => {
    const { rows } = await rt.db.pool.query<{ n: number }>(
      'select count(*)::int as n from clustering_llm_checks',
    );
    expect(rows[0]!.n).toBe(2);
    // the cap (2 an hour) is reached: no third question, the rule alone decides
    const d = await report('Checkout button does nothing on Safari!', 'Clicking pay does nothing.');
    expect(llm.bodies).toHaveLength(2);
    const { rows: decision } = await rt.db.pool.query(
      'select kind, llm_verdict from clustering_decisions where item_id = $1',
      [d.id],
    );
    expect(decision[0]).toMatchObject({ llm_verdict: null });
  });
});
