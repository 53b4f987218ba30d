import { LocalEmbedder } from '../../src/domain/clustering/embedders/local-embedder.js';
import { sendJson, startFakeServer, type FakeServer } from './http-server.js';

/**
 * Vectors a fake model returns: the local embedder's lexical part (its word-vector share set to 0), so
 * similar texts really are similar and the length is the requested one.
 */
const vectorsFor = (texts: string[], dims: number) =>
  texts.map((t) => new LocalEmbedder(dims, 0).embedOne(`${t}\n${t}`).slice(0, dims));

export interface FakeEmbeddings extends FakeServer {
  bodies: unknown[];
  failNext(status: number, n?: number): void;
}

/** OpenAI's POST /v1/embeddings: Bearer auth, {model,input[],dimensions} → {object:'list',data:[{object,index,embedding}],model,usage}. */
export async function startFakeOpenAIEmbeddings(opts: {
  apiKey?: string;
  dims: number;
}): Promise<FakeEmbeddings> {
  const bodies: unknown[] = [];
  let failures: { status: number; n: number } = { status: 0, n: 0 };
  const server = await startFakeServer((req, res, raw) => {
    if (req.method !== 'POST' || req.url !== '/v1/embeddings')
      return sendJson(res, 404, { error: { message: 'not found' } });
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return sendJson(res, 401, {
        error: {
          message: 'Incorrect API key provided',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    }
    if (failures.n > 0) {
      failures.n--;
      return sendJson(
        res,
        failures.status,
        { error: { message: 'Rate limit reached', type: 'requests' } },
        { 'retry-after': '0' },
      );
    }
    const body = JSON.parse(raw) as { model: string; input: string[] };
    bodies.push(body);
    const data = vectorsFor(body.input, opts.dims).map((embedding, index) => ({
      object: 'embedding',
      index,
      embedding,
    }));
    sendJson(res, 200, {
      object: 'list',
      data: data.reverse(),
      model: body.model,
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  });
  return Object.assign(server, {
    bodies,
    failNext: (status: number, n = 1) => void (failures = { status, n }),
  });
}

/** Gemini's POST /v1beta/models/{model}:batchEmbedContents: x-goog-api-key, {requests:[{model,content,taskType,outputDimensionality}]} → {embeddings:[{values}]}. */
export async function startFakeGeminiEmbeddings(opts: { apiKey: string }): Promise<FakeEmbeddings> {
  const bodies: unknown[] = [];
  let failures: { status: number; n: number } = { status: 0, n: 0 };
  const server = await startFakeServer((req, res, raw) => {
    const m = /^\/v1beta\/models\/([\w.-]+):batchEmbedContents$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m)
      return sendJson(res, 404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
    if (req.headers['x-goog-api-key'] !== opts.apiKey)
      return sendJson(res, 400, {
        error: { code: 400, message: 'API key not valid.', status: 'INVALID_ARGUMENT' },
      });
    if (failures.n > 0) {
      failures.n--;
      return sendJson(res, failures.status, {
        error: {
          code: failures.status,
          message: 'Resource has been exhausted',
          status: 'RESOURCE_EXHAUSTED',
        },
      });
    }
    const body = JSON.parse(raw) as {
      requests: { model: string; content: { parts: { text: string }[] }; outputDimensionality?: number }[];
    };
    bodies.push(body);
    const dims = body.requests[0]?.outputDimensionality ?? 3072;
    const vectors = vectorsFor(
      body.requests.map((r) => r.content.parts.map((p) => p.text).join('')),
      dims,
    );
    // Gemini does not normalize truncated outputs; scale them to show the client does.
    sendJson(res, 200, { embeddings: vectors.map((v) => ({ values: v.map((x) => x * 3) })) });
  });
  return Object.assign(server, {
    bodies,
    failNext: (status: number, n = 1) => void (failures = { status, n }),
  });
}
