/** The error every failed API call throws: the server's `{error:{code,message}}` plus the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  /** state-changing requests carry the session's CSRF token */
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  setCsrfToken(token: string | undefined): void;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const body: unknown = text === '' ? undefined : safeJson(text);
  if (res.ok) return body as T;
  const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  throw new ApiError(
    res.status,
    err?.code ?? `http_${res.status}`,
    err?.message ?? (res.statusText || `request failed with status ${res.status}`),
    err?.details,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Same-origin JSON client; the session cookie rides along, the CSRF token is added to every mutation. A
 * mutation refused with `csrf_failed` (the session changed under the page: another tab signed in again, a
 * new local session) re-reads the token from /api/me and is sent once more.
 */
export function createApiClient(fetchImpl: typeof fetch = (...a) => fetch(...a)): ApiClient {
  let csrfToken: string | undefined;
  const request = async (path: string, init: RequestInit) => {
    let res: Response;
    try {
      res = await fetchImpl(path, { credentials: 'same-origin', ...init });
    } catch {
      throw new ApiError(0, 'network', 'Cannot reach the Soulcaster server. Is it running?');
    }
    return res;
  };
  return {
    async get<T>(path: string, query?: Query) {
      return parse<T>(await request(withQuery(path, query), { headers: { accept: 'application/json' } }));
    },
    async send<T>(method: string, path: string, body?: unknown) {
      const attempt = async () => {
        const headers: Record<string, string> = { accept: 'application/json' };
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
        const init: RequestInit = { method, headers };
        if (body !== undefined) init.body = JSON.stringify(body);
        return parse<T>(await request(path, init));
      };
      try {
        return await attempt();
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'csrf_failed')) throw err;
        const me = await request('/api/me', { headers: { accept: 'application/json' } });
        if (!me.ok) throw err;
        csrfToken = ((await me.json()) as { csrfToken?: string }).csrfToken;
        return attempt();
      }
    },
    setCsrfToken(token) {
      csrfToken = token;
    },
  };
}
