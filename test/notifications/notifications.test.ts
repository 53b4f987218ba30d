import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/database.js';
import { moveCluster } from '../../src/domain/clustering/cluster-transitions.js';
import { finishFix } from '../../src/domain/fixes/finish-fix.js';
import { recordPullRequestState } from '../../src/domain/fixes/record-pull-request-state.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-webhook-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let slack: FakeSlack;
let receiver: WebhookReceiver;
let n = 0;

beforeAll(async () => {
  rt = await createTestRuntime({
    workers: true,
    env: {
      NOTIFY_MAX_ATTEMPTS: '3',
      NOTIFY_RETRY_DELAY_SECONDS: '1',
      PUBLIC_URL: 'https://soulcaster.example',
    },
  });
  slack = await startFakeSlack();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await rt.close();
  await slack.close();
  await receiver.close();
});

interface Delivery {
  id: string;
  event: string;
  status: string;
  attempts: number;
  responseCode: number | null;
  error: string | null;
  clusterId: string | null;
  subject: string | null;
}

async function newProject() {
  const p = await createProject(rt.db.pool, { name: `notify ${n++}`, repo: 'acme/shop' });
  const auth = { authorization: `Bearer ${p.apiKey}` };
  const api = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown) => {
    const res = await rt.app.inject({
      method,
      url: `/api/projects/${p.id}${path}`,
      headers: auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return {
      status: res.statusCode,
      body: res.body === '' ? undefined : (res.json() as Record<string, unknown>),
    };
  };
  const report = async (title: string) => {
    const res = await rt.app.inject({
      method: 'POST',
      url: `/ingest/manual?project_id=${p.id}`,
      headers: auth,
      payload: { title, externalId: `r${n++}` },
    });
    expect(res.statusCode).toBe(202);
  };
  const deliveries = async () => (await api('GET', '/notifications/deliveries')).body!.items as Delivery[];
  return { id: p.id, name: p.name, api, report, deliveries };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 45_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const settled = (p: Awaited<ReturnType<typeof newProject>>, count: number) =>
  waitFor(`${count} settled deliveries`, async () => {
    const all = await p.deliveries();
    return all.length >= count && all.every((d) => d.status !== 'pending') ? all : undefined;
  });

const CHECKOUT = [
  'Checkout button does nothing on Safari',
  'Checkout button not working on Safari',
  'Safari: the checkout button does nothing',
  'The checkout button does nothing in Safari',
];

describe('notifications to a Slack incoming webhook', () => {
  it('posts a Block Kit message for a new cluster, and the log shows it delivered', async () => {
    const p = await newProject();
    const ch = await p.api('POST', '/notifications/channels', {
      kind: 'slack',
      name: 'team channel',
      url: `${slack.url}${slack.hookPath}`,
    });
    expect(ch.status).toBe(201);
    // the hook URL is a credential: never returned, sealed at rest
    expect(JSON.stringify(ch.body)).not.toContain(slack.hookPath);
    const { rows } = await rt.db.pool.query<{ url_encrypted: string }>(
      'select url_encrypted from notification_channels where id = $1',
      [ch.body!.id],
    );
    expect(rows[0]!.url_encrypted).not.toContain('XXXX');
    const rule = await p.api('POST', '/notifications/rules', {
      event: 'cluster.created',
      channelId: ch.body!.id,
    });
    expect(rule.status).toBe(201);

    const before = slack.messages.length;
    await p.report(CHECKOUT[0]!);
    const [d] = await settled(p, 1);
    expect(d).toMatchObject({
      event: 'cluster.created',
      status: 'delivered',
      attempts: 1,
      responseCode: 200,
    });
    const msg = slack.messages[before]!;
    expect(msg.text).toBe(`New cluster: ${CHECKOUT[0]} (1 report)`);
    const header = msg.blocks!.find((b) => b.type === 'header') as unknown as { text: { text: string } };
    expect(header.text.text).toBe(`New cluster: ${CHECKOUT[0]}`);
    const actions = msg.blocks!.find((b) => b.type === 'actions') as unknown as {
      elements: { url: string }[];
    };
    expect(actions.elements[0]!.url).toBe(`https://soulcaster.example/dashboard/clusters/${d!.clusterId}`);
    expect(JSON.stringify(msg.blocks)).toContain('*Trend (24 h)*\\n1 vs 0 the day before (rising)');
  });

  it('gives up at once on what Slack refuses for good, and retries its 500s', async () => {
    const p = await newProject();
    const wrong = await p.api('POST', '/notifications/channels', {
      kind: 'slack',
      name: 'revoked hook',
      url: `${slack.url}/services/T0000/B0000/revoked`,
    });
    const sent = await p.api('POST', `/notifications/channels/${String(wrong.body!.id)}/test`);
    expect(sent.status).toBe(202);
    const [failed] = await settled(p, 1);
    expect(failed).toMatchObject({ event: 'test', status: 'failed', attempts: 1, responseCode: 404 });
    expect(failed!.error).toContain('no_service');

    const good = await p.api('POST', '/notifications/channels', {
      kind: 'slack',
      name: 'good hook',
      url: `${slack.url}${slack.hookPath}`,
    });
    slack.failNext({ status: 500, body: 'rollup_error' });
    await p.api('POST', `/notifications/channels/${String(good.body!.id)}/test`);
    const all = await settled(p, 2);
    expect(all[0]).toMatchObject({ status: 'delivered', attempts: 2, responseCode: 200, error: null });
    expect(slack.messages.at(-1)!.text).toBe(`Test message: Soulcaster is connected to ${p.name}`);
  });
});

describe('the delivery log', () => {
  it('pages newest first without gaps or repeats', async () => {
    const p = await newProject();
    const ch = await p.api('POST', '/notifications/channels', {
      kind: 'slack',
      name: 'paged',
      url: `${slack.url}${slack.hookPath}`,
    });
    for (let i = 0; i < 5; i++) await p.api('POST', `/notifications/channels/${String(ch.body!.id)}/test`);
    const all = await settled(p, 5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await p.api(
        'GET',
        `/notifications/deliveries?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      seen.push(...(page.body!.items as Delivery[]).map((d) => d.id));
      cursor = page.body!.nextCursor as string | null;
    } while (cursor !== null);
    expect(seen).toEqual(all.map((d) => d.id));
    expect(new Set(seen).size).toBe(5);
  });
});

describe('signed outgoing webhooks', () => {
  it('signs each delivery so a receiver can verify it, with a stable delivery id', async () => {
    const p = await newProject();
    const ch = await p.api('POST', '/notifications/channels', {
      kind: 'webhook',
      name: 'ops',
      url: receiver.url,
    });
    const secret = ch.body!.signingSecret as string;
    expect(secret).toMatch(/^whsec_/);
    expect((await p.api('GET', '/notifications/channels')).body!.items).toEqual([
      expect.not.objectContaining({ signingSecret: expect.anything() }),
    ]);
    receiver.setSecret(secret);
    await p.api('POST', '/notifications/rules', {
      event: 'cluster.growing',
      channelId: ch.body!.id,
      minReports: 3,
      windowMinutes: 60,
    });
    for (const t of CHECKOUT) await p.report(t);
    const [growing] = await settled(p, 1);
    expect(growing).toMatchObject({
      event: 'cluster.growing',
      status: 'delivered',
      attempts: 1,
      responseCode: 204,
    });
    const got = receiver.processed.find((r) => r.id === growing!.id)!;
    expect(receiver.arrivals.find((a) => a.id === growing!.id)!.verified).toBe(true);
    expect(got.event).toBe('cluster.growing');
    expect(got.body).toMatchObject({
      id: growing!.id,
      event: 'cluster.growing',
      project: { id: p.id },
      cluster: { id: growing!.clusterId, reports: expect.any(Number) },
      growth: { windowMinutes: 60, threshold: 3 },
    });
    // once per window: the fourth report did not notify again
    await new Promise((r) => setTimeout(r, 1500));
    expect((await p.deliveries()).filter((d) => d.event === 'cluster.growing')).toHaveLength(1);

    // a rotated secret signs from then on; the old one no longer verifies
    const rotated = await p.api('PATCH', `/notifications/channels/${String(ch.body!.id)}`, {
      rotateSigningSecret: true,
    });
    expect(rotated.body!.signingSecret).not.toBe(secret);
    await p.api('POST', `/notifications/channels/${String(ch.body!.id)}/test`);
    const [test] = await settled(p, 2);
    expect(test).toMatchObject({ event: 'test', status: 'failed', responseCode: 401 });
  });

  it('retries 5xx with backoff and gives up after NOTIFY_MAX_ATTEMPTS', async () => {
    const p = await newProject();
    const ch = await p.api('POST', '/notifications/channels', {
      kind: 'webhook',
      name: 'flaky',
      url: receiver.url,
    });
    receiver.setSecret(ch.body!.signingSecret as string);
    receiver.failNext(503, 502);
    await p.api('POST', `/notifications/channels/${String(ch.body!.id)}/test`);
    const [ok] = await settled(p, 1);
    expect(ok).toMatchObject({ status: 'delivered', attempts: 3, responseCode: 204 });
    expect(receiver.arrivals.filter((a) => a.id === ok!.id)).toHaveLength(3);

    receiver.failNext(503, 503, 503);
    await p.api('POST', `/notifications/channels/${String(ch.body!.id)}/test`);
    const [gaveUp] = await settled(p, 2);
    expect(gaveUp).toMatchObject({ status: 'failed', attempts: 3, responseCode: 503 });
    expect(gaveUp!.error).toContain('503');
    // nothing more is sent after the last attempt
    await new Promise((r) => setTimeout(r, 5000));
    expect(receiver.arrivals.filter((a) => a.id === gaveUp!.id)).toHaveLength(3);
    expect(receiver.processed.some((r) => r.id === gaveUp!.id)).toBe(false);
  });
});

describe('events from the domain', () => {
  it('notifies a regression, a failed fix and a merged PR; a rolled-back change notifies nothing', async () => {
    const p = await newProject();
    const ch = await p.api('POST', '/notifications/channels', {
      kind: 'slack',
      name: 'all',
      url: `${slack.url}${slack.hookPath}`,
    });
    for (const event of ['cluster.regressed', 'fix.failed', 'pr.merged'])
      await p.api('POST', '/notifications/rules', { event, channelId: ch.body!.id });
    await p.report(CHECKOUT[0]!);
    const clusterId = await waitFor('the cluster', async () => {
      const { rows } = await rt.db.pool.query<{ id: string }>(
        'select id from clusters where project_id = $1',
        [p.id],
      );
      return rows[0]?.id;
    });
    await moveCluster(rt.db.pool, p.id, clusterId, 'resolved-by-user');
    await p.report(CHECKOUT[1]!);
    const [regressed] = await settled(p, 1);
    expect(regressed).toMatchObject({ event: 'cluster.regressed', status: 'delivered', clusterId });

    const { rows: jobs } = await rt.db.pool.query<{ id: string }>(
      `insert into agent_jobs (project_id, cluster_id, status, runner, agent, repo, pr_number, pr_url, pr_state)
       values ($1, $2, 'running', 'local', 'claude', 'acme/shop', 7, 'https://github.com/acme/shop/pull/7', 'open') returning id`,
      [p.id, clusterId],
    );
    await finishFix(rt.services.fixes, p.id, jobs[0]!.id, { status: 'failed', error: 'tests failed' });
    await recordPullRequestState(
      rt.db.pool,
      { projectId: p.id, repo: 'acme/shop', number: 7 },
      'merged',
      rt.services.notifications.recorder,
    );
    const all = await settled(p, 3);
    expect(all.map((d) => d.event).sort()).toEqual(['cluster.regressed', 'fix.failed', 'pr.merged']);
    const merged = slack.messages.find((m) => m.text?.startsWith('Fix merged'))!;
    expect(JSON.stringify(merged.blocks)).toContain('"url":"https://github.com/acme/shop/pull/7"');

    const before = (await p.deliveries()).length;
    const queued = await rt.services.queue.countPending('deliver-notification');
    await expect(
      withTransaction(rt.db.pool, async (tx) => {
        await rt.services.notifications.recorder.record(tx, p.id, [
          { type: 'pr.merged', clusterId, fixId: jobs[0]!.id },
        ]);
        throw new Error('the change failed after recording');
      }),
    ).rejects.toThrow('the change failed');
    expect((await p.deliveries()).length).toBe(before);
    expect(await rt.services.queue.countPending('deliver-notification')).toBe(queued);
  });
});
