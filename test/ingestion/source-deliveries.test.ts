import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/lib/describe-error.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/payloads/${name}`, import.meta.url));
const hmac = (secret: string, body: Buffer | string) =>
  createHmac('sha256', secret).update(body).digest('hex');

let rt: TestRuntime;
let projectId: string;
let auth: Record<string, string>;
let now = Date.UTC(2026, 10, 1, 12);

beforeAll(async () => {
  rt = await createTestRuntime({ clock: { now: () => new Date(now) } });
  const p = await createProject(rt.db.pool, { name: 'deliveries' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
  const deps = { db: rt.db.pool, secrets: rt.services.secrets };
  await createSource(deps, projectId, { kind: 'sentry', secrets: { clientSecret: 'sentry-secret' } });
  await createSource(deps, projectId, { kind: 'reddit', config: { subreddits: ['node'] } });
});
afterAll(() => rt.close());

const sources = async () =>
  (
    await rt.app.inject({ method: 'GET', url: `/api/projects/${projectId}/sources`, headers: auth })
  ).json() as {
    items: {
      kind: string;
      webhook: { url: string } | null;
      lastDelivery: { at: string; outcome: string; detail: string | null } | null;
    }[];
    publicUrl: { url: string; loopback: boolean; configured: boolean };
  };
const sentry = async () => (await sources()).items.find((s) => s.kind === 'sentry')!;
const deliver = (signature: string, body = fixture('sentry-issue-alert.json')) =>
  rt.app.inject({
    method: 'POST',
    url: `/ingest/sentry?project_id=${projectId}`,
    payload: body,
    headers: {
      'content-type': 'application/json',
      'sentry-hook-resource': 'event_alert',
      'sentry-hook-signature': signature,
    },
  });

describe('last delivery per source', () => {
  it('shows none before the vendor delivered, a webhook URL only for vendors that push, and a loopback warning', async () => {
    const list = await sources();
    expect(list.items.find((s) => s.kind === 'sentry')).toMatchObject({ lastDelivery: null });
    expect(list.items.find((s) => s.kind === 'sentry')!.webhook!.url).toContain('/ingest/sentry?project_id=');
    expect(list.items.find((s) => s.kind === 'reddit')!.webhook).toBeNull();
    expect(list.publicUrl).toMatchObject({ loopback: true, configured: false });
  });

  it('records an accepted signed delivery with its time', async () => {
    const body = fixture('sentry-issue-alert.json');
    expect((await deliver(hmac('sentry-secret', body), body)).statusCode).toBe(202);
    const s = await sentry();
    expect(s.lastDelivery).toMatchObject({ outcome: 'accepted', detail: null });
    expect(new Date(s.lastDelivery!.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('records a refused signature on the source being set up, with the reason, at once', async () => {
    expect((await deliver('0'.repeat(64))).statusCode).toBe(401);
    expect((await sentry()).lastDelivery).toMatchObject({
      outcome: 'rejected',
      detail: expect.stringContaining('signature or token does not match'),
    });
  });

  it('writes a burst of same-outcome deliveries once per few seconds, an outcome change at once', async () => {
    await rt.db.pool.query(`update sources set last_delivery_detail = 'marker' where kind = 'sentry'`);
    expect((await deliver('1'.repeat(64))).statusCode).toBe(401);
    // same outcome within 5 s: not written again
    expect((await sentry()).lastDelivery?.detail).toBe('marker');
    now += 6_000;
    expect((await deliver('2'.repeat(64))).statusCode).toBe(401);
    expect((await sentry()).lastDelivery?.detail).toContain('signature');
  });
});

describe('describeError', () => {
  it("names what fetch's 'fetch failed' hides in its cause", async () => {
    // a port that was just closed: the connection is refused
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const err = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(describeError(err)).toMatch(new RegExp(`^fetch failed: .*ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
  });
});
