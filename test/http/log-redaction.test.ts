import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { redactUrlSecrets } from '../../src/lib/redact-url.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let app: App;
let projectId: string;
const lines: string[] = [];

const TOKENS = {
  splunk: 'splunk-url-token-7f3a9c',
  datadog: 'dd-url-token-51be02',
  posthog: 'ph-url-token-c0ffee',
};

beforeAll(async () => {
  rt = await createTestRuntime();
  projectId = (await createProject(rt.db.pool, { name: 'logs' })).id;
  const deps = { db: rt.db.pool, secrets: rt.services.secrets };
  for (const [kind, token] of Object.entries(TOKENS))
    await createSource(deps, projectId, { kind: kind as 'splunk', secrets: { token } });
  // The same app the server builds, logging into memory instead of stderr; at debug, where the
  // one-line-per-request logs are.
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  app = await buildApp({ ...rt.services, logger });
  app.get('/test/crash', async () => {
    throw new Error('boom from a handler');
  });
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

describe('request logs never carry query-string credentials', () => {
  it('redacts ?token= of the Splunk, Datadog and PostHog webhook URLs in the request lines', async () => {
    const payloads = {
      splunk: { sid: 'scheduler__admin_search_1', search_name: 'Errors', result: { message: 'boom' } },
      datadog: { id: 'dd-1', title: 'High error rate', body: 'p99 up' },
      posthog: { event: { event: '$exception', uuid: 'ph-1', properties: {} }, person: {} },
    };
    for (const [kind, token] of Object.entries(TOKENS)) {
      const res = await app.inject({
        method: 'POST',
        url: `/ingest/${kind}/webhook?project_id=${projectId}&token=${token}`,
        payload: payloads[kind as keyof typeof payloads],
      });
      expect(res.statusCode).toBeLessThan(300);
    }
    const log = lines.join('');
    for (const [kind, token] of Object.entries(TOKENS)) {
      expect(log).not.toContain(token);
      expect(log).toContain(`/ingest/${kind}/webhook?project_id=${projectId}&token=[redacted]`);
    }
  });

  it('redacts the OAuth code and state of the sign-in callback', async () => {
    await app.inject({ method: 'GET', url: '/auth/github/callback?code=oauth-code-93be&state=st_abcdef123' });
    const log = lines.join('');
    expect(log).not.toContain('oauth-code-93be');
    expect(log).not.toContain('st_abcdef123');
  });

  it('logs an unknown error (and answers the generic 500)', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/crash' });
    expect(res.json()).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    const entry = lines
      .map((l) => JSON.parse(l) as { msg: string; err?: { message: string } })
      .find((l) => l.msg === 'unhandled error');
    expect(entry?.err?.message).toBe('boom from a handler');
  });

  it('keeps other parameters and encoded names readable', () => {
    expect(redactUrlSecrets('/x?project_id=p&limit=5&api%5Fkey=s&Token=t#frag')).toBe(
      '/x?project_id=p&limit=5&api%5Fkey=[redacted]&Token=[redacted]#frag',
    );
    expect(redactUrlSecrets('/plain/path')).toBe('/plain/path');
  });
});
