import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { summarizeCluster } from '../../src/domain/clustering/summarize-cluster.js';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createLanguageModel } from '../../src/llm/create-language-model.js';
import {
  startFakeAnthropic,
  startFakeGemini,
  startFakeOpenAIChat,
  type FakeLlm,
} from '../fakes/llm-servers.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let openai: FakeLlm;
let anthropic: FakeLlm;
let gemini: FakeLlm;
let projectId: string;
let clusterId: string;

beforeAll(async () => {
  openai = await startFakeOpenAIChat('sk-llm');
  anthropic = await startFakeAnthropic('ant-key');
  gemini = await startFakeGemini('gem-key');
  rt = await createTestRuntime();
  projectId = (await createProject(rt.db.pool, { name: 'llm' })).id;
  for (const title of [
    'Checkout button does nothing on Safari',
    'Safari: checkout button not working (contact: ann@shop.example)',
  ]) {
    const { item } = await storeFeedbackItem(
      { db: rt.db.pool, clock: rt.services.clock, clustering: { itemStored: async () => undefined } },
      projectId,
      { source: 'manual', externalId: title, title },
    );
    clusterId = (await rt.services.clustering.clusterItem(projectId, item.id))!.clusterId;
  }
});
afterAll(async () => {
  await rt.close();
  await openai.close();
  await anthropic.close();
  await gemini.close();
});

const touch = () => rt.db.pool.query('update clusters set summarized_at = null where id = $1', [clusterId]);
const row = async () =>
  (
    await rt.db.pool.query('select title, summary, summary_kind, summary_model from clusters where id = $1', [
      clusterId,
    ])
  ).rows[0];

describe('cluster summaries from the configured LLM', () => {
  it('OpenAI chat completions in JSON mode, with e-mails scrubbed from the prompt', async () => {
    const llm = createLanguageModel(
      parseConfig({ LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-llm', LLM_BASE_URL: `${openai.url}/v1` }).llm,
    );
    await touch();
    expect(await summarizeCluster({ db: rt.db.pool, llm }, projectId, clusterId)).toBe(true);
    expect(await row()).toEqual({
      title: 'Checkout button unresponsive on Safari',
      summary: 'Users on Safari report that pressing the checkout button does nothing.',
      summary_kind: 'llm',
      summary_model: 'openai:gpt-4o-mini',
    });
    expect(openai.bodies[0]).toMatchObject({
      model: 'gpt-4o-mini',
      response_format: { type: 'json_object' },
    });
    expect(JSON.stringify(openai.bodies[0])).not.toContain('ann@shop.example');
  });

  it('Anthropic messages, reading JSON out of a fenced block', async () => {
    const llm = createLanguageModel(
      parseConfig({ LLM_PROVIDER: 'anthropic', LLM_API_KEY: 'ant-key', LLM_BASE_URL: `${anthropic.url}/v1` })
        .llm,
    );
    await touch();
    await summarizeCluster({ db: rt.db.pool, llm }, projectId, clusterId);
    expect(await row()).toMatchObject({
      summary_kind: 'llm',
      summary_model: 'anthropic:claude-3-5-haiku-latest',
    });
    expect(anthropic.bodies[0]).toMatchObject({
      model: 'claude-3-5-haiku-latest',
      messages: [{ role: 'user' }],
    });
  });

  it('Gemini generateContent in JSON mode (the default provider), scrubbed', async () => {
    const llm = createLanguageModel(
      parseConfig({ LLM_PROVIDER: 'gemini', LLM_API_KEY: 'gem-key', LLM_BASE_URL: `${gemini.url}/v1beta` })
        .llm,
    );
    await touch();
    expect(await summarizeCluster({ db: rt.db.pool, llm }, projectId, clusterId)).toBe(true);
    expect(await row()).toMatchObject({ summary_kind: 'llm', summary_model: 'gemini:gemini-2.5-flash' });
    expect(gemini.bodies[0]).toMatchObject({ generationConfig: { responseMimeType: 'application/json' } });
    expect(JSON.stringify(gemini.bodies[0])).not.toContain('ann@shop.example');
  });

  it('falls back to the extractive summary, labelled so, when the model answers nonsense', async () => {
    const llm = createLanguageModel(
      parseConfig({ LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-llm', LLM_BASE_URL: `${openai.url}/v1` }).llm,
    );
    openai.answers.push('I think these are about checkout.');
    await touch();
    await summarizeCluster({ db: rt.db.pool, llm }, projectId, clusterId);
    expect(await row()).toMatchObject({ summary_kind: 'extractive', summary_model: null });
  });

  it('needs a key for hosted providers', () => {
    expect(() => parseConfig({ LLM_PROVIDER: 'anthropic' })).toThrow(
      /LLM_API_KEY: required with LLM_PROVIDER=anthropic/,
    );
    expect(createLanguageModel(parseConfig({}).llm)).toBeUndefined();
  });
});
