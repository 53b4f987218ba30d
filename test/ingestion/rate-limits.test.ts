import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

const ATTACKER = '203.0.113.7';
const SPLUNK = '198.51.100.20';
const DATADOG = '198.51.100.30';
const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

const splunkAlert = (sid: string) => ({
  sid,
  search_name: 'Checkout errors',
  app: 'search',
  owner: 'admin',
  results_link: 'https://splunk.example.com/app/search/search?sid=x',
  result: { message: `payment failed ${sid}` },
});

let rt: TestRuntime;
let projectId: string;
let apiKey: string;

const count = async () =>
  Number(
    (
      await rt.db.pool.query<{ n: string }>(
        'select count(*) as n from feedback_items where project_id = $1',
        [projectId],
      )
    ).rows[0]!.n,
  );

const deliver = (kind: string, from: string, payload: unknown, auth: Record<string, string> = {}) =>
  rt.app.inject({
    method: 'POST',
    url: `/ingest/${kind}/webhook?project_id=${projectId}`,
    remoteAddress: from,
    headers: { 'content-type': 'application/json', ...auth },
    payload: JSON.stringify(payload),
  });

beforeAll(async () => {
  rt = await createTestRuntime({
    env: { INGEST_RATE_LIMIT_PER_MINUTE: '40', INGEST_FAILED_AUTH_PER_MINUTE: '30' },
    // one instant for the whole file: every request falls in the same minute, however slow the machine
    clock: { now: () => new Date(NOW) },
  });
  const p = await createProject(rt.db.pool, { name: 'flooded' });
  projectId = p.id;
  apiKey = p.apiKey;
  const deps = { db: rt.db.pool, secrets: rt.services.secrets };
  await createSource(deps, projectId, { kind: 'splunk', secrets: { token: 'splunk-secret-token' } });
  await createSource(deps, projectId, { kind: 'datadog', secrets: { token: 'dd-secret-token' } });
});
afterAll(() => rt.close());

describe('a flood of unauthenticated requests cannot block a project’s ingestion', () => {
  it('45 unsigned POSTs to the webhook URL, then the vendor’s valid delivery is accepted', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 45; i++)
      answers.push((await deliver('splunk', ATTACKER, splunkAlert(`x${i}`))).statusCode);

    const valid = await deliver('splunk', SPLUNK, splunkAlert('real-1'), {
      'x-soulcaster-token': 'splunk-secret-token',
    });
    expect(valid.statusCode).toBe(202);
    // the first 30 were refused as unauthenticated, the rest by the address's failed-authentication limit
    expect(answers.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(answers.slice(30).every((s) => s === 429)).toBe(true);
    const limited = await deliver('splunk', ATTACKER, splunkAlert('x46'), { 'x-soulcaster-token': 'guess' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringContaining('failed authentications from this address'),
        details: { retryAfterSeconds: expect.any(Number) },
      },
    });
    expect(await count()).toBe(1);
  });

  it('the source still has its whole budget, counted per source: the 41st delivery in a minute is 429', async () => {
    // real-1 above was the first of its 40
    for (let i = 2; i <= 40; i++) {
      const res = await deliver('splunk', SPLUNK, splunkAlert(`real-${i}`), {
        'x-soulcaster-token': 'splunk-secret-token',
      });
      expect(res.statusCode, `delivery ${i}`).toBe(202);
    }
    const over = await deliver('splunk', SPLUNK, splunkAlert('real-41'), {
      'x-soulcaster-token': 'splunk-secret-token',
    });
    expect(over.statusCode).toBe(429);
    expect(over.json().error.message).toContain('too many deliveries for this source');
    expect(await count()).toBe(40);
  });

  it('another source and the API key of the same project have budgets of their own', async () => {
    const dd = await deliver(
      'datadog',
      DATADOG,
      { id: 'dd-evt-1', title: 'Error rate above 5%', body: 'checkout', alert_priority: 'P1' },
      { 'x-soulcaster-token': 'dd-secret-token' },
    );
    expect(dd.statusCode).toBeLessThan(300);
    const manual = await rt.app.inject({
      method: 'POST',
      url: '/ingest/manual',
      remoteAddress: ATTACKER,
      headers: { authorization: `Bearer ${apiKey}`, 'x-soulcaster-project': projectId },
      payload: { title: 'Typed in by support' },
    });
    // the attacker's address is still over its failure limit, so even a valid key from it waits
    expect(manual.statusCode).toBe(429);
    const fromSupport = await rt.app.inject({
      method: 'POST',
      url: '/ingest/manual',
      remoteAddress: '192.0.2.50',
      headers: { authorization: `Bearer ${apiKey}`, 'x-soulcaster-project': projectId },
      payload: { title: 'Typed in by support' },
    });
    expect(fromSupport.statusCode).toBe(202);
  });
});

describe('behind a reverse proxy', () => {
  let proxied: TestRuntime;
  let pid: string;
  beforeAll(async () => {
    proxied = await createTestRuntime({
      env: {
        INGEST_RATE_LIMIT_PER_MINUTE: '40',
        INGEST_FAILED_AUTH_PER_MINUTE: '5',
        INGEST_CLIENT_IP_HEADER: 'X-Forwarded-For',
      },
      clock: { now: () => new Date(NOW) },
    });
    pid = (await createProject(proxied.db.pool, { name: 'proxied' })).id;
    await createSource({ db: proxied.db.pool, secrets: proxied.services.secrets }, pid, {
      kind: 'splunk',
      secrets: { token: 'proxied-token' },
    });
  });
  afterAll(() => proxied.close());

  it('counts failures by the address the proxy saw (the last X-Forwarded-For entry), not the proxy’s own', async () => {
    const send = (forwardedFor: string, token?: string) =>
      proxied.app.inject({
        method: 'POST',
        url: `/ingest/splunk/webhook?project_id=${pid}`,
        remoteAddress: '10.0.0.2', // the proxy
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': forwardedFor,
          ...(token ? { 'x-soulcaster-token': token } : {}),
        },
        payload: JSON.stringify(splunkAlert(`p-${Math.random()}`)),
      });
    // the attacker varies the part it controls; the proxy appends the real address last
    for (let i = 0; i < 8; i++) await send(`10.9.9.${i}, ${ATTACKER}`);
    expect((await send(`1.1.1.1, ${ATTACKER}`)).statusCode).toBe(429);
    expect((await send(SPLUNK, 'proxied-token')).statusCode).toBe(202);
  });
});
