import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonPath, readPath } from '../../src/domain/ingestion/vendors/field-mapping.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/payloads/${name}`, import.meta.url));

describe('JSON paths of a field mapping', () => {
  it('reads dotted keys and [index], own properties only', () => {
    const body = { a: { $b: [{ c: 'x' }, { 'd-e': 2 }] }, arr: [[1, 2]] };
    const at = (p: string) => {
      const parsed = parseJsonPath(p);
      if ('error' in parsed) throw new Error(parsed.error);
      return readPath(body, parsed.segments);
    };
    expect(at('a.$b[0].c')).toBe('x');
    expect(at('a.$b[1].d-e')).toBe(2);
    expect(at('arr[0][1]')).toBe(2);
    expect(at('a.$b[5].c')).toBeUndefined();
    expect(at('a.toString')).toBeUndefined();
    expect(at('a.__proto__')).toBeUndefined();
    expect(at('a.$b.length')).toBeUndefined();
  });

  it('says what is wrong with a path, and never evaluates it', () => {
    const error = (p: string) => {
      const parsed = parseJsonPath(p);
      return 'error' in parsed ? parsed.error : 'ok';
    };
    expect(error('a..b')).toMatch(/"\." at position 3 where a key/);
    expect(error('a.b.')).toBe('ends with "."');
    expect(error('[0].a')).toMatch(/must start with a key/);
    expect(error('a[x]')).toMatch(/"\[" at position 2; use "\." between keys and \[n\] for indexes/);
    expect(error("a['b']")).toMatch(/position 2/);
    expect(error('process.exit()')).toMatch(/"\(" at position 13/);
    expect(error('')).toBe('is empty');
  });
});

let rt: TestRuntime;
let projectId: string;
let auth: Record<string, string>;

const api = (method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown) =>
  rt.app.inject({
    method,
    url: `/api/projects/${projectId}${path}`,
    headers: auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const deliver = (url: string, payload: Buffer | string, headers: Record<string, string>) =>
  rt.app.inject({
    method: 'POST',
    url: `${url}${url.includes('?') ? '&' : '?'}project_id=${projectId}`,
    payload,
    headers: { 'content-type': 'application/json', ...headers },
  });

beforeAll(async () => {
  rt = await createTestRuntime();
  const p = await createProject(rt.db.pool, { name: 'mapping' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
});
afterAll(() => rt.close());

describe('per-source field mapping', () => {
  const mapping = {
    title: 'monitor.name',
    body: 'event.message',
    url: 'monitor.link',
    externalId: 'event.id',
    level: 'level',
  };
  let sourceId: string;

  it('validates a mapping with readable errors and stores nothing on bad input', async () => {
    const bad = await api('POST', '/sources', {
      kind: 'datadog',
      name: 'bad',
      config: { mapping: { title: 'monitor..name', colour: 'x' } },
    });
    expect(bad.statusCode).toBe(400);
    const message: string = bad.json().error.message;
    expect(message).toMatch(/title path "monitor\.\.name" has "\." at position 9/);
    expect(message).toMatch(/colour/);
    expect((await api('GET', '/sources')).json().items).toHaveLength(0);
    const noTitle = await api('POST', '/sources', { kind: 'splunk', config: { mapping: { body: 'x' } } });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.message).toBe('Invalid Splunk settings: Mapping › title is required.');
  });

  it("keeps a custom Datadog template's last delivery (secrets replaced) and previews a mapping on it", async () => {
    const created = await api('POST', '/sources', {
      kind: 'datadog',
      secrets: { token: 'dd-mapping-token-93f1' },
    });
    sourceId = created.json().id;
    // before any delivery: the preview says so
    const empty = await api('POST', `/sources/${sourceId}/mapping-preview`, { mapping });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ delivery: null, values: {} });

    // Datadog's built-in parser cannot read this template (no title where it looks): refused, yet kept
    const body = JSON.parse(fixture('datadog-webhook-user-template.json').toString('utf8'));
    body.event.note = 'sent with token dd-mapping-token-93f1';
    const refused = await deliver('/ingest/datadog/webhook', JSON.stringify(body), {
      'x-soulcaster-token': 'dd-mapping-token-93f1',
    });
    expect(refused.statusCode).toBe(200);
    expect(refused.json().status).toBe('ignored');

    const preview = await api('POST', `/sources/${sourceId}/mapping-preview`, { mapping });
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.values).toEqual({
      title: 'Checkout error rate above 5%',
      body: '%%%\nError rate on checkout-api is 7.2% (threshold 5%).\n%%%',
      url: 'https://app.datadoghq.com/monitors/91823',
      externalId: '7713386548121553467',
      level: 'error',
    });
    expect(p.missing).toEqual([]);
    expect(p.delivery.body.event.note).toBe('sent with token [redacted]');
    expect(preview.body).not.toContain('dd-mapping-token-93f1');

    const partial = await api('POST', `/sources/${sourceId}/mapping-preview`, {
      mapping: { title: 'monitor.name', url: 'monitor.url' },
    });
    expect(partial.json().missing).toEqual(['url']);
    const invalid = await api('POST', `/sources/${sourceId}/mapping-preview`, { mapping: { title: 'a[' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toMatch(/title path "a\[" has "\[" at position 2/);
  });

  it('once saved, turns the custom template into reports with no code', async () => {
    const saved = await api('PATCH', `/sources/${sourceId}`, { config: { mapping } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().config.mapping).toEqual(mapping);
    const res = await deliver('/ingest/datadog/webhook', fixture('datadog-webhook-user-template.json'), {
      'x-soulcaster-token': 'dd-mapping-token-93f1',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().items[0].externalId).toBe('7713386548121553467');
    const { rows } = await rt.db.pool.query('select * from feedback_items where id = $1', [
      res.json().items[0].id,
    ]);
    expect(rows[0]).toMatchObject({
      title: 'Checkout error rate above 5%',
      url: 'https://app.datadoghq.com/monitors/91823',
      source: 'datadog',
      source_id: sourceId,
    });
    expect(rows[0]!.metadata).toMatchObject({ mapped: true, level: 'error' });
    // the saved mapping is what the preview uses when none is sent
    const preview = await api('POST', `/sources/${sourceId}/mapping-preview`, {});
    expect(preview.json().values.title).toBe('Checkout error rate above 5%');

    // a delivery the mapping finds no title in is refused with the path it looked at
    const none = await deliver('/ingest/datadog/webhook', JSON.stringify({ other: 1 }), {
      'x-soulcaster-token': 'dd-mapping-token-93f1',
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toMatch(/found no title at "monitor\.name"/);

    // clearing the mapping returns to the built-in parser
    const cleared = await api('PATCH', `/sources/${sourceId}`, { config: { mapping: null } });
    expect(cleared.json().config.mapping).toBeNull();
    const builtIn = await deliver(
      '/ingest/datadog/webhook',
      fixture('datadog-webhook-default-rendered.json'),
      {
        'x-soulcaster-token': 'dd-mapping-token-93f1',
      },
    );
    expect(builtIn.statusCode).toBe(202);
  });

  it('maps a PostHog destination with an edited template and a Splunk alert the same way', async () => {
    const ph = await api('POST', '/sources', {
      kind: 'posthog',
      config: { mapping: { title: 'message', externalId: 'id', body: 'details' } },
      secrets: { token: 'ph-mapping-token' },
    });
    expect(ph.statusCode).toBe(201);
    const body = JSON.stringify({
      id: 'ev-1',
      message: 'Export button does nothing',
      details: { page: '/export' },
    });
    const res = await deliver('/ingest/posthog/webhook', body, { 'x-soulcaster-token': 'ph-mapping-token' });
    expect(res.statusCode).toBe(202);
    const { rows } = await rt.db.pool.query('select title, body from feedback_items where id = $1', [
      res.json().items[0].id,
    ]);
    expect(rows[0]).toEqual({ title: 'Export button does nothing', body: '{"page":"/export"}' });

    const splunk = await api('POST', '/sources', {
      kind: 'splunk',
      config: { mapping: { title: 'result.msg', externalId: 'sid' } },
      secrets: { token: 'splunk-mapping-token' },
    });
    expect(splunk.statusCode).toBe(201);
    const alert = JSON.stringify({ sid: 'rt_1', result: { msg: 'Payment gateway timeout' } });
    const s = await deliver('/ingest/splunk/webhook?token=splunk-mapping-token', alert, {});
    expect(s.statusCode).toBe(202);
    expect(s.json().items[0].externalId).toBe('rt_1');
  });

  it('offers mapping only where the body is a template', async () => {
    const sentry = await api('POST', '/sources', {
      kind: 'sentry',
      secrets: { clientSecret: 'x'.repeat(20) },
    });
    const res = await api('POST', `/sources/${sentry.json().id}/mapping-preview`, {
      mapping: { title: 'a' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/fixed shape/);
    const kinds = (await api('GET', '/source-kinds')).json().items as { kind: string; mappable: boolean }[];
    expect(kinds.filter((k) => k.mappable).map((k) => k.kind)).toEqual(['datadog', 'posthog', 'splunk']);
  });

  it('keeps no body over the size bound, only that one came', async () => {
    const big = JSON.stringify({ monitor: { name: 'big' }, pad: 'x'.repeat(70 * 1024) });
    const res = await deliver('/ingest/datadog/webhook', big, {
      'x-soulcaster-token': 'dd-mapping-token-93f1',
    });
    expect(res.statusCode).toBe(200); // the built-in parser finds no title: ignored
    const preview = await api('POST', `/sources/${sourceId}/mapping-preview`, {
      mapping: { title: 'monitor.name' },
    });
    expect(preview.json().delivery).toMatchObject({ tooLarge: true, body: null });
    expect(preview.json().delivery.bodyBytes).toBeGreaterThan(70 * 1024);
  });
});
