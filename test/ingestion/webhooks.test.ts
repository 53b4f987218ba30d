import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/payloads/${name}`, import.meta.url));
const hmac = (secret: string, body: Buffer | string) =>
  createHmac('sha256', secret).update(body).digest('hex');

let rt: TestRuntime;
let projectId: string;
let apiKey: string;
let otherKey: string;

const count = async (where = 'true', params: unknown[] = []) =>
  Number(
    (
      await rt.db.pool.query<{ n: string }>(
        `select count(*) as n from feedback_items where project_id = $1 and ${where}`,
        [projectId, ...params],
      )
    ).rows[0]!.n,
  );

const post = (url: string, payload: Buffer | string, headers: Record<string, string> = {}) =>
  rt.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': 'application/json', 'x-soulcaster-project': projectId, ...headers },
  });

beforeAll(async () => {
  rt = await createTestRuntime({
    env: { INGEST_MAX_BODY_BYTES: '262144', INGEST_RATE_LIMIT_PER_MINUTE: '1000' },
  });
  const p = await createProject(rt.db.pool, { name: 'ingest' });
  projectId = p.id;
  apiKey = p.apiKey;
  otherKey = (await createProject(rt.db.pool, { name: 'other' })).apiKey;
  const deps = { db: rt.db.pool, secrets: rt.services.secrets };
  await createSource(deps, projectId, {
    kind: 'sentry',
    config: { minLevel: 'warning' },
    secrets: { clientSecret: 'sentry-client-secret' },
  });
  await createSource(deps, projectId, {
    kind: 'github',
    config: { repositories: ['Codertocat/Hello-World'] },
    secrets: { webhookSecret: "It's a Secret to Everybody" },
  });
  await createSource(deps, projectId, { kind: 'splunk', secrets: { token: 'splunk-token-123' } });
  await createSource(deps, projectId, {
    kind: 'datadog',
    config: { priorities: ['P1', 'P2'] },
    secrets: { token: 'dd-token-123' },
  });
  await createSource(deps, projectId, { kind: 'posthog', secrets: { token: 'ph-token-123' } });
});
afterAll(() => rt.close());

describe('Sentry webhook', () => {
  it('accepts a signed issue alert and normalizes it with level, culprit and stack frames', async () => {
    const body = fixture('sentry-issue-alert.json');
    const res = await post('/ingest/sentry', body, {
      'sentry-hook-resource': 'event_alert',
      'sentry-hook-signature': hmac('sentry-client-secret', body),
      'request-id': 'req-1',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({
      status: 'accepted',
      items: [{ externalId: 'event:e4874d664c3540c1a32eab185f12c5ab', duplicate: false }],
    });
    const { rows } = await rt.db.pool.query('select * from feedback_items where id = $1', [
      res.json().items[0].id,
    ]);
    const item = rows[0]!;
    expect(item.title).toBe('ReferenceError: heck is not defined');
    expect(item.url).toBe(
      'https://sentry.io/organizations/test-org/issues/1117540176/events/e4874d664c3540c1a32eab185f12c5ab/',
    );
    expect(item.metadata).toMatchObject({
      resource: 'event_alert',
      level: 'error',
      culprit: '?(<anonymous>)',
      issueId: '1117540176',
      triggeredRule: 'Very Important Alert Rule!',
    });
    expect(item.metadata.frames.length).toBeGreaterThan(1);
    expect(item.body).toContain('Stack trace');
    expect(item.raw).toMatchObject({ action: 'triggered' });
    expect(new Date(item.occurred_at).toISOString()).toBe('2019-08-19T21:06:17.677Z');
  });

  it('answers the same delivery again as a duplicate and stores nothing new', async () => {
    const body = fixture('sentry-issue-alert.json');
    const before = await count();
    const res = await post('/ingest/sentry', body, {
      'sentry-hook-resource': 'event_alert',
      'sentry-hook-signature': hmac('sentry-client-secret', body),
      'request-id': 'req-1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('duplicate');
    expect(await count()).toBe(before);
  });

  it('accepts the error webhook and dedupes a redelivery by its event id', async () => {
    const body = fixture('sentry-error.json');
    const headers = {
      'sentry-hook-resource': 'error',
      'sentry-hook-signature': hmac('sentry-client-secret', body),
    };
    const first = await post('/ingest/sentry', body, headers);
    expect(first.statusCode).toBe(202);
    expect(first.json().items[0].externalId).toBe('event:bb78c1407cea4519aa397afc059c793d');
    const again = await post('/ingest/sentry', body, headers);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'duplicate', items: [{ duplicate: true }] });
  });

  it('turns the issue resource (created) into feedback; other issue actions are acknowledged only', async () => {
    // Shape from Sentry's issue webhook docs (no recorded payload among the fixtures): data.issue with id, title,
    // culprit, shortId, level, web_url, firstSeen.
    const issue = {
      id: '1170820242',
      title: 'Error: Boom in checkout',
      culprit: 'checkout/pay',
      shortId: 'FRONT-6',
      level: 'error',
      web_url: 'https://sentry.io/organizations/acme/issues/1170820242/',
      firstSeen: '2026-11-01T10:00:00Z',
    };
    const created = Buffer.from(
      JSON.stringify({
        action: 'created',
        installation: { uuid: 'i-1' },
        data: { issue },
        actor: { type: 'application', id: 'sentry', name: 'Sentry' },
      }),
    );
    const res = await post('/ingest/sentry', created, {
      'sentry-hook-resource': 'issue',
      'sentry-hook-signature': hmac('sentry-client-secret', created),
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().items[0].externalId).toBe('issue:1170820242');
    const resolved = Buffer.from(
      JSON.stringify({
        action: 'resolved',
        installation: { uuid: 'i-1' },
        data: { issue },
        actor: { type: 'user', id: 1, name: 'A' },
      }),
    );
    const r2 = await post('/ingest/sentry', resolved, {
      'sentry-hook-resource': 'issue',
      'sentry-hook-signature': hmac('sentry-client-secret', resolved),
    });
    expect(r2.json().status).toBe('ignored');
  });

  it('turns a metric alert into feedback and ignores a resolved one', async () => {
    const resolved = fixture('sentry-metric-alert.json');
    const r1 = await post('/ingest/sentry', resolved, {
      'sentry-hook-resource': 'metric_alert',
      'sentry-hook-signature': hmac('sentry-client-secret', resolved),
    });
    expect(r1.json()).toMatchObject({ status: 'ignored' });
    const critical = Buffer.from(
      resolved
        .toString('utf8')
        .replace('"action": "resolved"', '"action": "critical"')
        .replace('Resolved: Too many errors', 'Critical: Too many errors'),
    );
    const r2 = await post('/ingest/sentry', critical, {
      'sentry-hook-resource': 'metric_alert',
      'sentry-hook-signature': hmac('sentry-client-secret', critical),
    });
    expect(r2.statusCode).toBe(202);
    const { rows } = await rt.db.pool.query('select title, url from feedback_items where id = $1', [
      r2.json().items[0].id,
    ]);
    expect(rows[0]!).toEqual({
      title: 'Critical: Too many errors',
      url: 'https://sentry.io/organizations/baz/alerts/1/',
    });
  });

  it('rejects a wrong or missing signature with 401 and stores nothing', async () => {
    const body = Buffer.from(
      fixture('sentry-error.json')
        .toString('utf8')
        .replace(/bb78c1407cea4519aa397afc059c793d/g, 'ffff1407cea4519aa397afc059c793d0'),
    );
    const before = await count();
    const wrong = await post('/ingest/sentry', body, {
      'sentry-hook-resource': 'error',
      'sentry-hook-signature': hmac('not-the-secret', body),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('unauthorized');
    const missing = await post('/ingest/sentry', body, { 'sentry-hook-resource': 'error' });
    expect(missing.statusCode).toBe(401);
    // a signature over other bytes (re-serialized JSON) must not pass either
    const reserialized = await post('/ingest/sentry', body, {
      'sentry-hook-resource': 'error',
      'sentry-hook-signature': hmac('sentry-client-secret', JSON.stringify(JSON.parse(body.toString()))),
    });
    expect(reserialized.statusCode).toBe(401);
    expect(await count()).toBe(before);
  });

  it('drops events below the configured minimum level', async () => {
    const body = Buffer.from(
      fixture('sentry-error.json')
        .toString('utf8')
        .replace(/bb78c1407cea4519aa397afc059c793d/g, 'aaaa1407cea4519aa397afc059c793d0')
        .replace('"level": "error"', '"level": "info"'),
    );
    const res = await post('/ingest/sentry', body, {
      'sentry-hook-resource': 'error',
      'sentry-hook-signature': hmac('sentry-client-secret', body),
    });
    expect(res.json()).toMatchObject({ status: 'ignored', reason: 'level info is below warning' });
  });
});

describe('GitHub issues webhook', () => {
  it('accepts GitHub’s example with a valid X-Hub-Signature-256', async () => {
    const body = fixture('github-issues-webhook-opened.json');
    const res = await post('/ingest/github/webhook', body, {
      'x-github-event': 'issues',
      'x-github-delivery': 'd-1',
      'x-hub-signature-256': `sha256=${hmac("It's a Secret to Everybody", body)}`,
    });
    expect(res.statusCode).toBe(202);
    const { rows } = await rt.db.pool.query('select * from feedback_items where id = $1', [
      res.json().items[0].id,
    ]);
    expect(rows[0]!).toMatchObject({
      external_id: 'codertocat/hello-world#1',
      title: 'Spelling error in the README file',
      author: 'Codertocat',
    });
  });

  it('rejects a bad signature', async () => {
    const body = fixture('github-issues-webhook-opened.json');
    const res = await post('/ingest/github/webhook', body, {
      'x-github-event': 'issues',
      'x-hub-signature-256': 'sha256=' + '0'.repeat(64),
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('token-authenticated webhooks', () => {
  it('Splunk: accepts the docs example with ?token= and keeps the first result row', async () => {
    const res = await post(
      `/ingest/splunk/webhook?project_id=${projectId}&token=splunk-token-123`,
      fixture('splunk-webhook-docs-example.json'),
    );
    expect(res.statusCode).toBe(202);
    const { rows } = await rt.db.pool.query('select * from feedback_items where id = $1', [
      res.json().items[0].id,
    ]);
    expect(rows[0]!).toMatchObject({
      external_id: 'scheduler_admin_search_W2_at_14232356_132',
      author: 'admin',
      url: 'http://web.example.local:8000/app/search/@go?sid=scheduler_admin_search_W2_at_14232356_132',
    });
    expect(rows[0]!.metadata.result).toEqual({ sourcetype: 'mongod', count: '8' });
    expect(
      (await post(`/ingest/splunk/webhook?token=wrong`, fixture('splunk-webhook-docs-example.json')))
        .statusCode,
    ).toBe(401);
  });

  it('Datadog: parses the custom template, filters by priority, and strips %%% fences', async () => {
    const res = await post('/ingest/datadog/webhook', fixture('datadog-webhook-custom-rendered.json'), {
      'x-soulcaster-token': 'dd-token-123',
    });
    expect(res.statusCode).toBe(202);
    const { rows } = await rt.db.pool.query('select * from feedback_items where id = $1', [
      res.json().items[0].id,
    ]);
    expect(rows[0]!.title).toBe('[Triggered on {host:web-01}] Host CPU is near the limit');
    expect(rows[0]!.body.startsWith('## CPU usage reached a ceiling')).toBe(true);
    expect(rows[0]!.metadata).toMatchObject({
      priority: 'P1',
      transition: 'Triggered',
      monitorId: '1234',
      tags: ['env:prod', 'host:web-01', 'monitor', 'service:api'],
    });
    expect(new Date(rows[0]!.occurred_at).getTime()).toBe(1746013550000);
    // the default template carries no priority, so a priority filter drops it
    const dflt = await post('/ingest/datadog/webhook', fixture('datadog-webhook-default-rendered.json'), {
      'x-soulcaster-token': 'dd-token-123',
    });
    expect(dflt.json()).toMatchObject({ status: 'ignored', reason: 'priority none is not in P1, P2' });
  });

  it('PostHog: destination webhook and legacy action webhook', async () => {
    const dest = await post('/ingest/posthog/webhook', fixture('posthog-destination-webhook-rendered.json'), {
      'x-soulcaster-token': 'ph-token-123',
    });
    expect(dest.statusCode).toBe(202);
    expect(dest.json().items[0].externalId).toBe('b3a1fe86-b10c-43cc-acaf-d208977608d0');
    const legacy = await post('/ingest/posthog/webhook', fixture('posthog-action-webhook.json'), {
      'x-soulcaster-token': 'ph-token-123',
    });
    expect(legacy.statusCode).toBe(202);
    const { rows } = await rt.db.pool.query('select title, url from feedback_items where id = $1', [
      legacy.json().items[0].id,
    ]);
    expect(rows[0]!).toEqual({
      title: 'Test Action was triggered by abc',
      url: 'https://example.com/project/2/action/69',
    });
  });
});

describe('push endpoints with the project API key', () => {
  it('Reddit: a pushed listing stores every post once', async () => {
    const body = fixture('reddit-listing-new-askreddit-2016.json');
    const res = await post('/ingest/reddit', body, { authorization: `Bearer ${apiKey}` });
    expect(res.statusCode).toBe(202);
    expect(res.json().items).toHaveLength(100);
    expect(await count(`source = 'reddit'`)).toBe(100);
    const again = await post('/ingest/reddit', body, { authorization: `Bearer ${apiKey}` });
    expect(again.json().status).toBe('duplicate');
    expect(await count(`source = 'reddit'`)).toBe(100);
  });

  it('manual: stores a submission and enqueues clustering for it', async () => {
    const before = await rt.services.queue.countPending('cluster-feedback-items');
    const res = await post(
      '/ingest/manual',
      JSON.stringify({ title: 'Checkout button does nothing', body: 'On Safari 17' }),
      { authorization: `Bearer ${apiKey}` },
    );
    expect(res.statusCode).toBe(202);
    expect(await rt.services.queue.countPending('cluster-feedback-items')).toBe(before + 1);
  });

  it('rejects another project’s API key', async () => {
    const res = await post('/ingest/manual', JSON.stringify({ title: 'x' }), {
      authorization: `Bearer ${otherKey}`,
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('the rejections, each with its status and JSON error body', () => {
  const auth = () => ({ authorization: `Bearer ${apiKey}` });

  it('413 for a body over the cap', async () => {
    const res = await post(
      '/ingest/manual',
      JSON.stringify({ title: 'x', body: 'y'.repeat(270_000) }),
      auth(),
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('400 for malformed JSON and for a payload of the wrong shape', async () => {
    const bad = await post('/ingest/manual', '{"title": ', auth());
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('malformed_payload');
    const shape = await post(
      '/ingest/reddit',
      JSON.stringify({ kind: 'Listing', data: { children: 'nope' } }),
      auth(),
    );
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.message).toMatch(/Reddit listing/);
  });

  it('404 for an unknown project, 400 when no project is named', async () => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/ingest/manual?project_id=00000000-0000-4000-8000-000000000000',
      payload: '{"title":"x"}',
      headers: { 'content-type': 'application/json', ...auth() },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    const none = await rt.app.inject({
      method: 'POST',
      url: '/ingest/manual',
      payload: '{"title":"x"}',
      headers: { 'content-type': 'application/json', ...auth() },
    });
    expect(none.statusCode).toBe(400);
  });

  it('415 for a non-JSON content type', async () => {
    const res = await post('/ingest/manual', 'title=x', {
      ...auth(),
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });

  it('one row for concurrent deliveries of the same report', async () => {
    const payload = JSON.stringify({ title: 'Same report', externalId: 'concurrent-1' });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => post('/ingest/manual', payload, auth())),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 202]);
    expect(await count(`external_id = 'concurrent-1'`)).toBe(1);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a project exceeds its budget', async () => {
    const limited = await createTestRuntime({ env: { INGEST_RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      const p = await createProject(limited.db.pool, { name: 'limited' });
      const send = () =>
        limited.app.inject({
          method: 'POST',
          url: `/ingest/manual?project_id=${p.id}`,
          payload: JSON.stringify({ title: 'x' }),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${p.apiKey}` },
        });
      expect((await send()).statusCode).toBe(202);
      expect((await send()).statusCode).toBe(202);
      const third = await send();
      expect(third.statusCode).toBe(429);
      expect(third.json().error.code).toBe('rate_limited');
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
