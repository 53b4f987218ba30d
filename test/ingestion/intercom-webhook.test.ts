import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

// The eighth vendor, added through the registry alone: its endpoint, signature, parser, filter and views.
const created = readFileSync(
  new URL('../fixtures/payloads/intercom-conversation-user-created.json', import.meta.url),
);
const secret = 'intercom-client-secret';
const sign = (body: Buffer | string, key = secret) =>
  `sha1=${createHmac('sha1', key).update(body).digest('hex')}`;

let rt: TestRuntime;
let projectId: string;
let apiKey: string;

const post = (payload: Buffer | string, headers: Record<string, string> = {}) =>
  rt.app.inject({
    method: 'POST',
    url: `/ingest/intercom/webhook?project_id=${projectId}`,
    payload,
    headers: { 'content-type': 'application/json', ...headers },
  });

beforeAll(async () => {
  rt = await createTestRuntime({ env: { PUBLIC_URL: 'https://soulcaster.example.com' } });
  const p = await createProject(rt.db.pool, { name: 'intercom' });
  projectId = p.id;
  apiKey = p.apiKey;
  await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, {
    kind: 'intercom',
    secrets: { clientSecret: secret },
  });
});
afterAll(() => rt.close());

describe('Intercom webhook', () => {
  it('turns a signed conversation.user.created notification into one report', async () => {
    const res = await post(created, { 'x-hub-signature': sign(created) });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({
      status: 'accepted',
      items: [{ externalId: 'conversation:21321941764', duplicate: false }],
    });
    const { rows } = await rt.db.pool.query('select * from feedback_items where id = $1', [
      res.json().items[0].id,
    ]);
    expect(rows[0]).toMatchObject({
      source: 'intercom',
      title: 'Hello everyone!',
      body: 'Hello everyone!',
      author: "Rose Poodle from St. John's",
      url: 'https://app.intercom.io/a/apps/i6wc9ipe/conversations/21321941764',
      metadata: { topic: 'conversation.user.created', conversationId: '21321941764', appId: 'i6wc9ipe' },
    });
    expect(rows[0]!.occurred_at.toISOString()).toBe(new Date(1553290198 * 1000).toISOString());
  });

  it('answers a redelivery of the same notification as a duplicate', async () => {
    const res = await post(created, { 'x-hub-signature': sign(created) });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('duplicate');
  });

  it('rejects a wrong or missing signature with 401', async () => {
    expect((await post(created, { 'x-hub-signature': sign(created, 'not-the-secret') })).statusCode).toBe(
      401,
    );
    expect((await post(created)).statusCode).toBe(401);
  });

  it('acknowledges the registration ping and drops replies unless they are switched on', async () => {
    const ping = JSON.stringify({
      type: 'notification_event',
      id: null,
      topic: 'ping',
      data: { type: 'notification_event_data', item: { type: 'ping', message: 'hello' } },
    });
    const pinged = await post(ping, { 'x-hub-signature': sign(ping) });
    expect(pinged.statusCode).toBe(200);
    expect(pinged.json().status).toBe('ignored');

    const reply = JSON.parse(created.toString('utf8')) as Record<string, unknown>;
    reply.id = 'notif_reply-1';
    reply.topic = 'conversation.user.replied';
    const body = JSON.stringify(reply);
    const res = await post(body, { 'x-hub-signature': sign(body) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ignored', reason: 'replies are off' });
  });

  it('is listed with its form, setup help and webhook URL', async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    const kinds = await rt.app.inject({ url: `/api/projects/${projectId}/source-kinds`, headers: auth });
    expect(kinds.statusCode).toBe(200);
    const spec = kinds.json().items.find((k: { kind: string }) => k.kind === 'intercom');
    expect(spec).toMatchObject({
      label: 'Intercom',
      ingestPath: '/ingest/intercom/webhook',
      fields: [{ name: 'includeReplies', type: 'checkbox' }],
      secrets: [{ name: 'clientSecret', generate: false }],
    });
    expect(spec.setup.steps.length).toBeGreaterThan(0);
    const sources = await rt.app.inject({ url: `/api/projects/${projectId}/sources`, headers: auth });
    expect(sources.json().items[0].webhook.url).toBe(
      `https://soulcaster.example.com/ingest/intercom/webhook?project_id=${projectId}`,
    );
  });
});
