import { sendJson, startFakeServer, type FakeServer } from './http-server.js';

interface Entry {
  id: string;
  vector: number[];
  metadata?: Record<string, unknown>;
}

/**
 * Upstash Vector's REST API as documented: POST /upsert/{namespace} (one vector or an array),
 * POST /query/{namespace} {vector, topK, filter, includeMetadata} → {result:[{id, score, metadata?}]},
 * Bearer token, COSINE metric with scores normalized to (1 + cos) / 2, and the `field = 'value'` filter.
 */
export async function startFakeUpstash(
  token: string,
): Promise<FakeServer & { namespaces: Map<string, Map<string, Entry>> }> {
  const namespaces = new Map<string, Map<string, Entry>>();
  const server = await startFakeServer((req, res, raw) => {
    if (req.headers.authorization !== `Bearer ${token}`)
      return sendJson(res, 401, { error: 'Unauthorized: Invalid token', status: 401 });
    const m = /^\/(upsert|query)(?:\/([^/]+))?$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return sendJson(res, 404, { error: 'Not Found', status: 404 });
    const ns = decodeURIComponent(m[2] ?? '');
    const store = namespaces.get(ns) ?? new Map<string, Entry>();
    namespaces.set(ns, store);
    const body = JSON.parse(raw) as
      Entry | Entry[] | { vector: number[]; topK: number; filter?: string; includeMetadata?: boolean };
    if (m[1] === 'upsert') {
      for (const e of Array.isArray(body) ? body : [body as Entry]) store.set(e.id, e);
      return sendJson(res, 200, { result: 'Success' });
    }
    const q = body as { vector: number[]; topK: number; filter?: string; includeMetadata?: boolean };
    const f = /^(\w+) = '([^']*)'$/.exec(q.filter ?? '');
    const hits = [...store.values()]
      .filter((e) => !f || e.metadata?.[f[1]!] === f[2])
      .map((e) => {
        let dot = 0;
        let na = 0;
        let nb = 0;
        e.vector.forEach((x, i) => {
          dot += x * q.vector[i]!;
          na += x * x;
          nb += q.vector[i]! * q.vector[i]!;
        });
        return {
          id: e.id,
          score: (1 + dot / Math.sqrt(na * nb)) / 2,
          ...(q.includeMetadata ? { metadata: e.metadata } : {}),
        };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, q.topK);
    sendJson(res, 200, { result: hits });
  });
  return Object.assign(server, { namespaces });
}
