import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { startFakeGithubIssues, type FakeGithubIssues } from '../fakes/github-issues-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

/** A NUL (PostgreSQL refuses it in text and jsonb) and a lone surrogate (jsonb refuses it). */
const BAD = '\u0000\ud800';
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/payloads/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    any // eslint-disable-line @typescript-eslint/no-explicit-any -- vendor payloads are edited by path below
  >;
const hmac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');
/** Every payload also gets a key and a value the vendor's parser never reads: they still reach `raw`. */
const withExtra = (payload: Record<string, unknown>) => ({
  ...payload,
  [`extra${BAD}`]: `value\udc00${BAD}`,
});

let rt: TestRuntime;
let github: FakeGithubIssues;
let projectId: string;
let apiKey: string;

beforeAll(async () => {
  github = await startFakeGithubIssues({ token: 'ghp_poll' });
  rt = await createTestRuntime({ env: { GITHUB_API_URL: github.url } });
  const p = await createProject(rt.db.pool, { name: 'bytes' });
  projectId = p.id;
  apiKey = p.apiKey;
  const deps = { db: rt.db.pool, secrets: rt.services.secrets };
  await createSource(deps, projectId, { kind: 'sentry', secrets: { clientSecret: 'sentry-secret' } });
  await createSource(deps, projectId, {
    kind: 'github',
    config: { repositories: ['acme/shop'] },
    secrets: { webhookSecret: 'gh-secret', token: 'ghp_poll' },
  });
  await createSource(deps, projectId, { kind: 'splunk', secrets: { token: 'splunk-token' } });
  await createSource(deps, projectId, { kind: 'datadog', secrets: { token: 'dd-token' } });
  await createSource(deps, projectId, { kind: 'posthog', secrets: { token: 'ph-token' } });
  await createSource(deps, projectId, { kind: 'intercom', secrets: { clientSecret: 'ic-secret' } });
});
afterAll(async () => {
  await rt.close();
  await github.close();
});

const post = (url: string, body: string, headers: Record<string, string>) =>
  rt.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { 'content-type': 'application/json', 'x-soulcaster-project': projectId, ...headers },
  });

interface Row {
  title: string;
  body: string;
  author: string | null;
  external_id: string;
  url: string | null;
  raw_text: string | null;
  metadata_text: string;
}
const rowsOf = async (ids: string[]) =>
  (
    await rt.db.pool.query<Row>(
      `select title, body, author, external_id, url, raw::text as raw_text, metadata::text as metadata_text
         from feedback_items where id = any($1::uuid[])`,
      [ids],
    )
  ).rows;

// a lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const wellFormed = (s: string) => !s.includes('\u0000') && !LONE.test(s);

/** 2xx, stored, and what was stored holds no NUL and no lone surrogate, but keeps the text around them. */
async function expectStoredClean(res: Awaited<ReturnType<typeof post>>, expectRaw = true) {
  expect(res.statusCode, res.body).toBe(202);
  const ids = (res.json() as { items: { id: string }[] }).items.map((i) => i.id);
  expect(ids.length).toBeGreaterThan(0);
  const rows = await rowsOf(ids);
  expect(rows).toHaveLength(ids.length);
  for (const row of rows) {
    for (const text of [
      row.title,
      row.body,
      row.author ?? '',
      row.external_id,
      row.metadata_text,
      row.raw_text ?? '',
    ])
      expect(wellFormed(text), JSON.stringify(text.slice(0, 200))).toBe(true);
    expect(row.raw_text ?? '').not.toContain('\\u0000');
  }
  expect(rows.some((r) => `${r.title}\n${r.body}`.includes('\ufffd'))).toBe(true);
  if (expectRaw) expect(rows[0]!.raw_text).toContain('"extra\ufffd": "value\ufffd\ufffd"');
  return rows;
}

describe('a NUL or a lone surrogate in any vendor payload is stored, not a 500', () => {
  it('Sentry', async () => {
    const p = fixture('sentry-issue-alert.json');
    p.data.event.title = `ReferenceError:${BAD} heck is not defined`;
    p.data.event.event_id = 'badbytes0000000000000000000000001';
    const body = JSON.stringify(withExtra(p));
    const res = await post('/ingest/sentry', body, {
      'sentry-hook-resource': 'event_alert',
      'sentry-hook-signature': hmac('sentry-secret', body),
    });
    await expectStoredClean(res);
  });

  it('GitHub issues webhook', async () => {
    const p = fixture('github-issues-webhook-opened.json');
    p.issue.title = `Spelling${BAD} error`;
    p.issue.body = `It${BAD}s wrong`;
    p.issue.user.login = `octo${BAD}cat`;
    const body = JSON.stringify(withExtra(p));
    const res = await post('/ingest/github/webhook', body, {
      'x-github-event': 'issues',
      'x-hub-signature-256': `sha256=${hmac('gh-secret', body)}`,
    });
    await expectStoredClean(res);
  });

  it('Reddit push', async () => {
    const p = fixture('reddit-listing-new-askreddit-2016.json');
    p.data.children = p.data.children.slice(0, 2);
    p.data.children[0].data.title = `Why${BAD} is it broken?`;
    p.data.children[0].data.selftext = `See${BAD}`;
    p.data.children[0].data.name = 't3_badbytes';
    const res = await post('/ingest/reddit', JSON.stringify(withExtra(p)), {
      authorization: `Bearer ${apiKey}`,
    });
    // each post keeps its own object as raw, so the listing's extra key is not among them
    await expectStoredClean(res, false);
  });

  it('Splunk', async () => {
    const p = fixture('splunk-webhook-docs-example.json');
    p.sid = `scheduler_badbytes${BAD}`;
    p.search_name = `Checkout${BAD} errors`;
    p.result.message = `payment failed${BAD}`;
    const res = await post('/ingest/splunk/webhook', JSON.stringify(withExtra(p)), {
      'x-soulcaster-token': 'splunk-token',
    });
    await expectStoredClean(res);
  });

  it('Datadog', async () => {
    const p = fixture('datadog-webhook-custom-rendered.json');
    p.id = 'dd-badbytes';
    p.title = `[Triggered] CPU${BAD} near the limit`;
    p.body = `%%%\nbody${BAD}\n%%%`;
    const res = await post('/ingest/datadog/webhook', JSON.stringify(withExtra(p)), {
      'x-soulcaster-token': 'dd-token',
    });
    await expectStoredClean(res);
  });

  it('PostHog destination and legacy action webhooks', async () => {
    const d = fixture('posthog-destination-webhook-rendered.json');
    d.event.uuid = 'b3a1fe86-0000-43cc-acaf-badbytes0001';
    d.event.properties.message = `It${BAD} crashed`;
    d.person.name = `Jane${BAD}`;
    await expectStoredClean(
      await post('/ingest/posthog/webhook', JSON.stringify(withExtra(d)), {
        'x-soulcaster-token': 'ph-token',
      }),
    );
    const legacy = { text: `[Bad${BAD} action](https://example.com/a/1) was triggered` };
    await expectStoredClean(
      await post('/ingest/posthog/webhook', JSON.stringify(withExtra(legacy)), {
        'x-soulcaster-token': 'ph-token',
      }),
    );
  });

  it('Intercom', async () => {
    const p = fixture('intercom-conversation-user-created.json');
    p.id = 'notif_badbytes';
    p.data.item.id = 'badbytes-conversation';
    p.data.item.user.name = `Rose${BAD} Poodle`;
    p.data.item.conversation_message.body = `<p>Hello${BAD} everyone!</p>`;
    const body = JSON.stringify(withExtra(p));
    const res = await post('/ingest/intercom/webhook', body, {
      'x-hub-signature': `sha1=${createHmac('sha1', 'ic-secret').update(body).digest('hex')}`,
    });
    await expectStoredClean(res);
  });

  it('manual ingest and the dashboard form', async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    const manual = { title: `Typed${BAD} in`, body: `by${BAD} support`, author: `s${BAD}` };
    await expectStoredClean(await post('/ingest/manual', JSON.stringify(withExtra(manual)), auth));
    const form = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/feedback`,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: `From${BAD} the form`, body: `x${BAD}` }),
    });
    expect(form.statusCode, form.body).toBe(201);
    const [row] = await rowsOf([form.json().id]);
    expect(row!.title).toBe('From\ufffd the form');
  });

  it('an issue fetched by the GitHub poller', async () => {
    github.addIssue('acme/shop', `Polled${BAD} issue`);
    const res = await rt.app.inject({
      method: 'POST',
      url: '/ingest/github/sync/acme/shop',
      headers: { authorization: `Bearer ${apiKey}`, 'x-soulcaster-project': projectId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ fetched: 1, stored: 1 });
    const { rows } = await rt.db.pool.query<{ title: string }>(
      `select title from feedback_items where project_id = $1 and title like 'Polled%'`,
      [projectId],
    );
    expect(rows.map((r) => r.title)).toEqual(['Polled\ufffd issue']);
  });
});

describe('nesting depth is bounded before parsing', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('5000 levels → 400 with a clear message on webhooks and API routes, nothing stored', async () => {
    const before = (await rt.db.pool.query<{ n: number }>('select count(*)::int as n from feedback_items'))
      .rows[0]!.n;
    const manual = await post('/ingest/manual', `{"title":"deep","x":${nested(5000)}}`, {
      authorization: `Bearer ${apiKey}`,
    });
    expect(manual.statusCode).toBe(400);
    expect(manual.json()).toEqual({
      error: { code: 'malformed_payload', message: 'the JSON nests deeper than 100 levels' },
    });
    const body = `{"action":"triggered","data":${nested(5000)}}`;
    const sentry = await post('/ingest/sentry', body, {
      'sentry-hook-resource': 'event_alert',
      'sentry-hook-signature': hmac('sentry-secret', body),
    });
    expect(sentry.statusCode).toBe(400);
    expect(sentry.json().error.code).toBe('malformed_payload');
    const form = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/feedback`,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      payload: `{"title":"deep","x":${nested(5000)}}`,
    });
    expect(form.statusCode).toBe(400);
    expect(form.json().error.message).toBe('the JSON nests deeper than 100 levels');
    expect(
      (await rt.db.pool.query<{ n: number }>('select count(*)::int as n from feedback_items')).rows[0]!.n,
    ).toBe(before);
  });

  it('brackets inside strings (escaped quotes included) are text, not nesting', async () => {
    const body = JSON.stringify({ title: 'brackets', body: `"${'['.repeat(5000)}\\"{{` });
    const res = await post('/ingest/manual', body, { authorization: `Bearer ${apiKey}` });
    expect(res.statusCode, res.body).toBe(202);
  });

  it('a payload nested to the bound is stored whole', async () => {
    const res = await post('/ingest/manual', `{"title":"nested but fine","x":${nested(99)}}`, {
      authorization: `Bearer ${apiKey}`,
    });
    expect(res.statusCode).toBe(202);
  });
});

describe('only http(s) links are stored', () => {
  const hostile = [
    'javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
  ];

  it('manual ingest and the form keep the report and drop the link', async () => {
    for (const [i, url] of hostile.entries()) {
      const res = await post('/ingest/manual', JSON.stringify({ title: `link ${i}`, url }), {
        authorization: `Bearer ${apiKey}`,
      });
      expect(res.statusCode, res.body).toBe(202);
      const [row] = await rowsOf([res.json().items[0].id]);
      expect(row!.url).toBeNull();
      const form = await rt.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/feedback`,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ title: `form link ${i}`, url }),
      });
      expect(form.statusCode, form.body).toBe(201);
      expect((await rowsOf([form.json().id]))[0]!.url).toBeNull();
    }
    const ok = await post(
      '/ingest/manual',
      JSON.stringify({ title: 'fine link', url: 'https://example.com/a?b=1' }),
      {
        authorization: `Bearer ${apiKey}`,
      },
    );
    expect((await rowsOf([ok.json().items[0].id]))[0]!.url).toBe('https://example.com/a?b=1');
  });

  it('links stored before the rule are removed by the migration', async () => {
    const { rows } = await rt.db.pool.query<{ id: string }>(
      `insert into feedback_items (project_id, source, external_id, title, url)
       values ($1, 'manual', 'old-1', 'old js', 'javascript:alert(1)'), ($1, 'manual', 'old-2', 'old ok', 'HTTPS://example.com/x')
       returning id`,
      [projectId],
    );
    await rt.db.pool.query(
      readFileSync(new URL('../../migrations/0460_feedback_http_links.sql', import.meta.url), 'utf8'),
    );
    expect((await rowsOf(rows.map((r) => r.id))).map((r) => r.url).sort()).toEqual([
      'HTTPS://example.com/x',
      null,
    ]);
  });

  it('a vendor payload carrying a hostile link is stored without it', async () => {
    for (const [i, url] of hostile.entries()) {
      const p = fixture('github-issues-webhook-opened.json');
      p.issue.number = 900 + i;
      p.issue.html_url = url;
      const body = JSON.stringify(p);
      const res = await post('/ingest/github/webhook', body, {
        'x-github-event': 'issues',
        'x-hub-signature-256': `sha256=${hmac('gh-secret', body)}`,
      });
      expect(res.statusCode, res.body).toBe(202);
      expect((await rowsOf([res.json().items[0].id]))[0]!.url).toBeNull();
    }
  });
});
