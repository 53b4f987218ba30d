import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';

// A notification delivery whose worker is killed (kill -9) while its request is in flight is neither lost
// nor duplicated: the delivery row and its job were committed with the event; the queue runs the job
// again once its expiry passes, and the receiver sees the same delivery id twice, processing it once.
const exec = promisify(execFile);
const entry = path.resolve('src/cli/entry.ts');
let dir: string;
let receiver: WebhookReceiver;
const children: ChildProcess[] = [];
const env = () => ({
  ...process.env,
  SOULCASTER_DATA_DIR: dir,
  LOG_LEVEL: 'info',
  NODE_ENV: 'production',
  NOTIFY_REQUEST_TIMEOUT_SECONDS: '5',
  NOTIFY_JOB_EXPIRE_SECONDS: '6',
  NOTIFY_RETRY_DELAY_SECONDS: '1',
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sc-notify-kill-'));
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

async function serve(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', '--port', '0'], { env: env() });
  children.push(child);
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 150_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /Soulcaster listening on (http:\/\/[^"\s]+)/.exec(stderr);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', () => reject(new Error(`serve exited:\n${stderr}`)));
  });
  return { url, child };
}

interface Delivery {
  id: string;
  status: string;
  attempts: number;
}

describe('a notification worker killed mid-delivery', () => {
  it('loses no delivery and processes none twice', async () => {
    const first = await serve();
    const project = JSON.parse(
      (
        await exec(process.execPath, ['--import', 'tsx', entry, 'project', 'create', '--name', 'kill'], {
          env: env(),
          timeout: 120_000,
        })
      ).stdout,
    ) as { id: string; apiKey: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${project.apiKey}` };
    const call = async (url: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}/api/projects/${project.id}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (await res.json()) as Record<string, unknown>;
    };
    const channel = await call(first.url, 'POST', '/notifications/channels', {
      kind: 'webhook',
      name: 'receiver',
      url: receiver.url,
    });
    receiver.setSecret(channel.signingSecret as string);
    await call(first.url, 'POST', '/notifications/rules', {
      event: 'cluster.created',
      channelId: channel.id,
    });

    const held = receiver.holdNext();
    const titles = [
      'Checkout button does nothing on Safari',
      'Dark mode colours are unreadable in settings',
      'Password reset email never arrives',
    ];
    for (const [i, title] of titles.entries()) {
      const res = await fetch(`${first.url}/ingest/manual?project_id=${project.id}`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ title, externalId: `kill-${i}` }),
      });
      expect(res.status).toBe(202);
    }
    // the first delivery's request has arrived and is held open: kill the worker now
    await held;
    const exited = new Promise((resolve) => first.child.on('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    const heldId = receiver.arrivals[0]!.id!;
    expect(receiver.processed.some((p) => p.id === heldId)).toBe(false);

    const second = await serve();
    const deadline = Date.now() + 120_000;
    let deliveries: Delivery[] = [];
    while (Date.now() < deadline) {
      deliveries = (await call(second.url, 'GET', '/notifications/deliveries')).items as Delivery[];
      if (deliveries.length === titles.length && deliveries.every((d) => d.status === 'delivered')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    // one delivery per new cluster, all delivered
    expect(deliveries).toHaveLength(titles.length);
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
    // the killed attempt counted, and the retry carried the same delivery id
    expect(deliveries.find((d) => d.id === heldId)!.attempts).toBeGreaterThanOrEqual(2);
    expect(receiver.arrivals.filter((a) => a.id === heldId).length).toBeGreaterThanOrEqual(2);
    // every delivery processed exactly once by the receiver
    const processedIds = receiver.processed.map((p) => p.id);
    expect(new Set(processedIds).size).toBe(processedIds.length);
    expect(processedIds.sort()).toEqual(deliveries.map((d) => d.id).sort());
    expect(receiver.arrivals.every((a) => a.verified)).toBe(true);
    second.child.kill('SIGTERM');
  }, 400_000);
});
