import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine } from '../../src/domain/clustering/embedder.js';
import { GeminiEmbedder } from '../../src/domain/clustering/embedders/gemini-embedder.js';
import { LocalEmbedder } from '../../src/domain/clustering/embedders/local-embedder.js';
import { OpenAICompatibleEmbedder } from '../../src/domain/clustering/embedders/openai-compatible-embedder.js';
import { createEmbedder } from '../../src/domain/clustering/embedders/create-embedder.js';
import { parseConfig } from '../../src/config/config.js';
import { scrubSecrets } from '../../src/lib/scrub.js';
import {
  startFakeGeminiEmbeddings,
  startFakeOpenAIEmbeddings,
  type FakeEmbeddings,
} from '../fakes/embedding-servers.js';

let openai: FakeEmbeddings;
let gemini: FakeEmbeddings;
const noSleep = async () => undefined;

beforeAll(async () => {
  openai = await startFakeOpenAIEmbeddings({ apiKey: 'sk-test', dims: 64 });
  gemini = await startFakeGeminiEmbeddings({ apiKey: 'g-key' });
});
afterAll(async () => {
  await openai.close();
  await gemini.close();
});

describe('local embedder', () => {
  it('is deterministic, unit length, and puts paraphrases nearer than unrelated text', async () => {
    const e = new LocalEmbedder();
    const [a, b, c] = await e.embed([
      'Checkout button does nothing',
      'The checkout button is not doing anything',
      'Dark mode colours unreadable',
    ]);
    expect((await e.embed(['Checkout button does nothing']))[0]).toEqual(a);
    expect(cosine(a!, a!)).toBeCloseTo(1, 5);
    expect(cosine(a!, b!)).toBeGreaterThan(0.5);
    expect(cosine(a!, c!)).toBeLessThan(0.2);
    expect(e.model).toBe('local-hybrid-v3-1088');
  });
});

describe('OpenAI-compatible embedder', () => {
  it('batches, restores input order, normalizes, retries 429 and scrubs e-mails and tokens', async () => {
    const e = new OpenAICompatibleEmbedder({
      provider: 'openai',
      baseUrl: `${openai.url}/v1`,
      model: 'text-embedding-3-small',
      apiKey: 'sk-test',
      dimensions: 64,
      batchSize: 2,
      sleep: noSleep,
    });
    openai.failNext(429);
    const texts = [
      'login fails',
      'login failure',
      'contact me at jane@example.com with ghp_abcdefghijklmnopqrstuvwxyz123456',
    ];
    const out = await e.embed(texts);
    expect(out).toHaveLength(3);
    expect(cosine(out[0]!, out[0]!)).toBeCloseTo(1, 5);
    expect(cosine(out[0]!, out[1]!)).toBeGreaterThan(cosine(out[0]!, out[2]!));
    expect(openai.bodies).toHaveLength(2);
    expect(openai.bodies[0]).toMatchObject({
      model: 'text-embedding-3-small',
      dimensions: 64,
      input: ['login fails', 'login failure'],
    });
    expect(JSON.stringify(openai.bodies[1])).not.toContain('jane@example.com');
    expect(JSON.stringify(openai.bodies[1])).not.toContain('ghp_');
    expect(e.model).toBe('openai:text-embedding-3-small:64');
  });

  it('fails clearly on a rejected key and after exhausting retries', async () => {
    const bad = new OpenAICompatibleEmbedder({
      provider: 'openai',
      baseUrl: `${openai.url}/v1`,
      model: 'm',
      apiKey: 'wrong',
      dimensions: 64,
      sleep: noSleep,
    });
    await expect(bad.embed(['x'])).rejects.toThrow(/openai answered 401: .*Incorrect API key/);
    const flaky = new OpenAICompatibleEmbedder({
      provider: 'openai-compatible',
      baseUrl: `${openai.url}/v1`,
      model: 'm',
      apiKey: 'sk-test',
      dimensions: 64,
      sleep: noSleep,
    });
    openai.failNext(503, 4);
    await expect(flaky.embed(['x'])).rejects.toThrow(/failed after 4 attempts/);
  });
});

describe('Gemini embedder', () => {
  it('calls batchEmbedContents with CLUSTERING and outputDimensionality, and re-normalizes', async () => {
    const e = new GeminiEmbedder({
      baseUrl: `${gemini.url}/v1beta`,
      model: 'gemini-embedding-001',
      apiKey: 'g-key',
      dimensions: 128,
      sleep: noSleep,
    });
    gemini.failNext(429);
    const [v] = await e.embed(['upload crashes']);
    expect(v).toHaveLength(128);
    expect(cosine(v!, v!)).toBeCloseTo(1, 5);
    expect(gemini.bodies[0]).toMatchObject({
      requests: [
        {
          model: 'models/gemini-embedding-001',
          taskType: 'CLUSTERING',
          outputDimensionality: 128,
          content: { parts: [{ text: 'upload crashes' }] },
        },
      ],
    });
  });
});

describe('embedder configuration', () => {
  it('builds each provider from the environment and explains what is missing', () => {
    expect(createEmbedder(parseConfig({}).embeddings).model).toBe('local-hybrid-v3-1088');
    expect(createEmbedder(parseConfig({ EMBEDDER: 'ollama' }).embeddings).model).toBe(
      'ollama:nomic-embed-text:768',
    );
    expect(createEmbedder(parseConfig({ EMBEDDER: 'gemini', EMBEDDING_API_KEY: 'k' }).embeddings).model).toBe(
      'gemini:gemini-embedding-001:768',
    );
    expect(() => parseConfig({ EMBEDDER: 'openai-compatible' })).toThrow(
      /EMBEDDING_BASE_URL: required[\s\S]*EMBEDDING_MODEL: required/,
    );
    expect(() => parseConfig({ EMBEDDER: 'openai' })).toThrow(
      /EMBEDDING_API_KEY: required with EMBEDDER=openai/,
    );
  });

  it('scrubs secrets and e-mail addresses', () => {
    expect(scrubSecrets('mail bob.smith@corp.io, key AKIAABCDEFGHIJKLMNOP, password: hunter2xyz')).toBe(
      'mail [email], key [token], password: [redacted]',
    );
  });
});

describe('a remote embedder in the pipeline', () => {
  it('creates the model’s own HNSW index on first use and clusters with it', async () => {
    const { createTestRuntime } = await import('../helpers/test-runtime.js');
    const { createProject } = await import('../../src/domain/projects/create-project.js');
    const { storeFeedbackItem } = await import('../../src/domain/feedback/store-feedback-item.js');
    const rt = await createTestRuntime({
      env: {
        EMBEDDER: 'openai-compatible',
        EMBEDDING_BASE_URL: `${openai.url}/v1`,
        EMBEDDING_MODEL: 'fake-embed',
        EMBEDDING_DIMENSIONS: '64',
        EMBEDDING_API_KEY: 'sk-test',
      },
    });
    try {
      const p = await createProject(rt.db.pool, { name: 'remote' });
      await rt.db.pool.query(
        `update projects set settings = '{"clustering":{"threshold":0.5}}' where id = $1`,
        [p.id],
      );
      const ids = [];
      for (const title of ['Export to PDF hangs', 'PDF export hangs forever']) {
        const { item } = await storeFeedbackItem(
          { db: rt.db.pool, clock: rt.services.clock, clustering: { itemStored: async () => undefined } },
          p.id,
          { source: 'manual', externalId: title, title },
        );
        ids.push((await rt.services.clustering.clusterItem(p.id, item.id))!.clusterId);
      }
      expect(ids[0]).toBe(ids[1]);
      const { rows } = await rt.db.pool.query(
        `select indexdef from pg_indexes where indexname like 'item_embeddings_openai_compatible_fake_embed_64%'`,
      );
      expect(rows[0]!.indexdef).toMatch(/USING hnsw \(\(\(embedding\)::vector\(64\)\) vector_cosine_ops\)/);
      const models = await rt.db.pool.query(
        `select distinct embedding_model from feedback_items where project_id = $1`,
        [p.id],
      );
      expect(models.rows).toEqual([{ embedding_model: 'openai-compatible:fake-embed:64' }]);
    } finally {
      await rt.close();
    }
  });
});
