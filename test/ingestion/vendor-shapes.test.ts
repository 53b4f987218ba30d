import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractStackFrames } from '../../src/domain/plans/extract-stack-frames.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/payloads/${name}`, import.meta.url));

let rt: TestRuntime;
let app: App;
let projectId: string;
const lines: string[] = [];

const post = (url: string, payload: Buffer | string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': 'application/json', 'x-soulcaster-project': projectId, ...headers },
  });

const item = async (id: string) =>
  (
    await rt.db.pool.query<{
      title: string;
      body: string;
      author: string | null;
      metadata: Record<string, unknown>;
      raw: unknown;
    }>('select title, body, author, metadata, raw from feedback_items where id = $1', [id])
  ).rows[0]!;

beforeAll(async () => {
  rt = await createTestRuntime();
  projectId = (await createProject(rt.db.pool, { name: 'shapes' })).id;
  const deps = { db: rt.db.pool, secrets: rt.services.secrets };
  await createSource(deps, projectId, { kind: 'posthog', secrets: { token: 'ph-shapes-token' } });
  await createSource(deps, projectId, {
    kind: 'sentry',
    config: { minLevel: 'warning' },
    secrets: { clientSecret: 'sentry-shapes-secret' },
  });
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
  app = await buildApp({ ...rt.services, logger });
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

describe('PostHog error-tracking events', () => {
  it('accepts the {hook, data} REST-hook shape with an $exception: title from $exception_list, frames for plans', async () => {
    const res = await post('/ingest/posthog/webhook', fixture('posthog-rest-hook-exception.json'), {
      'x-soulcaster-token': 'ph-shapes-token',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().items[0].externalId).toBe('0193a7d2-5f10-7c3e-9a41-2b7c6e0d8f55');
    const stored = await item(res.json().items[0].id);
    expect(stored.title).toBe("TypeError: Cannot read properties of undefined (reading 'total')");
    expect(stored.author).toBe('ana@example.com');
    expect(stored.metadata).toMatchObject({ event: '$exception', shape: 'rest_hook', level: 'error' });
    expect(stored.metadata.frames).toEqual([
      expect.objectContaining({
        filename: 'https://shop.example.com/assets/src/pages/checkout.tsx',
        lineno: 88,
      }),
      expect.objectContaining({ function: 'computeTotals', lineno: 42, inApp: true }),
    ]);
    // the crash site (last frame) is named first in the text a plan quotes
    expect(stored.body).toMatch(
      /Stack trace \(most recent call first\):\n {2}at computeTotals \(https:\/\/shop\.example\.com\/assets\/src\/lib\/cart-totals\.ts:42:9\)\n {2}at submitOrder/,
    );
    const frames = extractStackFrames([{ ...stored, raw: stored.raw }]);
    expect(frames).toContainEqual({
      path: 'assets/src/lib/cart-totals.ts',
      line: 42,
      fn: 'computeTotals',
      inApp: true,
    });
    expect(frames).toContainEqual({
      path: 'assets/src/pages/checkout.tsx',
      line: 88,
      fn: 'submitOrder',
      inApp: true,
    });
  });

  it('reads the frames from metadata when the raw payload is gone, as it reads Sentry frames', async () => {
    const res = await post('/ingest/posthog/webhook', fixture('posthog-destination-exception.json'), {
      'x-soulcaster-token': 'ph-shapes-token',
    });
    expect(res.statusCode).toBe(202);
    const stored = await item(res.json().items[0].id);
    expect(stored.title).toBe("KeyError: 'currency'");
    expect(stored.body).toContain('Caused by:\n  ValueError: invoice 88213 has no line items');
    expect(stored.metadata).toMatchObject({ shape: 'destination', exceptionType: 'KeyError', handled: true });
    const frames = extractStackFrames([{ ...stored, raw: null }]);
    expect(frames).toContainEqual({
      path: 'billing/invoices.py',
      line: 131,
      fn: 'format_amount',
      inApp: true,
    });
  });

  it('falls back to $exception_message (and $exception_type) when there is no $exception_list', async () => {
    const body = JSON.stringify({
      event: '$exception',
      uuid: '0193a7e1-0000-7000-8000-000000000001',
      properties: {
        $exception_type: 'ChunkLoadError',
        $exception_message: 'Loading chunk 412 failed.\n(error: https://cdn.example.com/412.js)',
        $current_url: 'https://app.example.com/reports',
      },
    });
    const res = await post('/ingest/posthog/webhook', body, { 'x-soulcaster-token': 'ph-shapes-token' });
    expect(res.statusCode).toBe(202);
    const stored = await item(res.json().items[0].id);
    expect(stored.title).toBe('ChunkLoadError: Loading chunk 412 failed.');
    expect(stored.metadata).toMatchObject({ shape: 'capture', event: '$exception' });
  });

  it('still reads the plain destination body and answers a readable 400 for an unknown shape', async () => {
    const ok = await post('/ingest/posthog/webhook', fixture('posthog-destination-webhook-rendered.json'), {
      'x-soulcaster-token': 'ph-shapes-token',
    });
    expect(ok.statusCode).toBe(202);
    const bad = await post('/ingest/posthog/webhook', JSON.stringify({ hook: { id: 'x' }, data: {} }), {
      'x-soulcaster-token': 'ph-shapes-token',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/not a PostHog REST hook payload at data\.event/);
  });
});

describe('Sentry without the Sentry-Hook-Resource header', () => {
  const sign = (body: Buffer) => createHmac('sha256', 'sentry-shapes-secret').update(body).digest('hex');

  it('infers event_alert from the body, stores the item, and logs that it guessed', async () => {
    const body = fixture('sentry-issue-alert.json');
    const res = await post('/ingest/sentry', body, { 'sentry-hook-signature': sign(body) });
    expect(res.statusCode).toBe(202);
    const stored = await item(res.json().items[0].id);
    expect(stored.metadata).toMatchObject({ resource: 'event_alert' });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        resource: 'event_alert',
        source: 'sentry',
        msg: 'Sentry-Hook-Resource header missing; resource inferred from the body',
      }),
    );
  });

  it('infers error and metric_alert too, and refuses a body it cannot place', async () => {
    const error = fixture('sentry-error.json');
    const e = await post('/ingest/sentry', error, { 'sentry-hook-signature': sign(error) });
    expect(e.statusCode).toBe(202);
    expect((await item(e.json().items[0].id)).metadata).toMatchObject({ resource: 'error' });

    // the recorded metric alert is a "resolved" one: inferred, and (as with the header) not a report
    const metric = fixture('sentry-metric-alert.json');
    const m = await post('/ingest/sentry', metric, { 'sentry-hook-signature': sign(metric) });
    expect(m.statusCode).toBe(200);
    expect(m.json().status).toBe('ignored');

    const odd = Buffer.from(JSON.stringify({ action: 'created', data: { something: {} } }));
    const o = await post('/ingest/sentry', odd, { 'sentry-hook-signature': sign(odd) });
    expect(o.statusCode).toBe(400);
    expect(o.json().error.message).toMatch(/no Sentry-Hook-Resource header, and the body is none of/);
  });
});
