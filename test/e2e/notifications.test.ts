import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-webhook-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { ensureScreenshotDir, launchChromium, type Browser } from './browser.js';

let rt: TestRuntime;
let slack: FakeSlack;
let browser: Browser;
let page: Page;
let base: string;
let shots: string;
let project: { id: string; apiKey: string };
const consoleErrors: string[] = [];

beforeAll(async () => {
  shots = await ensureScreenshotDir();
  slack = await startFakeSlack();
  rt = await createTestRuntime({ workers: true, env: { SOULCASTER_LOCAL_MODE: 'auto', HOST: '127.0.0.1' } });
  project = await createProject(rt.db.pool, { name: 'Shop' });
  await rt.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(rt.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  await browser.context.route(
    (url) => url.hostname !== '127.0.0.1' && url.protocol !== 'data:',
    async (route) => {
      consoleErrors.push(`blocked off-machine request ${route.request().url()}`);
      await route.abort();
    },
  );
  page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await rt?.close();
  await slack?.close();
});

const logRow = (text: string) =>
  page.getByRole('table', { name: 'Deliveries' }).locator('tbody tr').filter({ hasText: text });

describe('notifications in Chromium', () => {
  it('adds a Slack channel and sends a test message, seen delivered in the log', async () => {
    await page.goto(`${base}/dashboard/notifications`);
    const add = page.getByRole('form', { name: 'Add a channel' });
    await add.getByLabel('Kind').selectOption('slack');
    await add.getByLabel('Channel name').fill('team');
    await add.getByLabel('URL').fill(`${slack.url}${slack.hookPath}`);
    await add.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('button', { name: 'Send a test message to team' }).click();
    await expect
      .poll(() => logRow('Test message').locator('.badge').textContent(), { timeout: 30_000 })
      .toBe('delivered');
    expect(slack.messages.at(-1)!.text).toBe('Test message: Soulcaster is connected to Shop');
  });

  it('creates a rule, and ingested reports trigger it: the delivery shows in the log', async () => {
    const form = page.getByRole('form', { name: 'Add a rule' });
    await form.getByLabel('When').selectOption('cluster.created');
    await form.getByLabel('Send to').selectOption({ label: 'team' });
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText('New cluster', { exact: true }).first().waitFor();

    const title = 'Password reset email never arrives';
    const res = await fetch(`${base}/ingest/manual?project_id=${project.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${project.apiKey}` },
      body: JSON.stringify({ title, externalId: 'e2e-notify-1' }),
    });
    expect(res.status).toBe(202);
    const row = logRow(title);
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 45_000 }).toBe('delivered');
    await expect.poll(() => row.locator('td').nth(0).textContent()).toBe('New cluster');
    expect(await row.locator('td').nth(4).textContent()).toBe('1/8');
    expect(await row.locator('td').nth(5).textContent()).toBe('200');
    expect(slack.messages.at(-1)!.text).toBe(`New cluster: ${title} (1 report)`);
    await page.screenshot({ path: path.join(shots, '40-notifications-delivery-log.png'), fullPage: true });
  });

  it('sets a fix budget and creates, shows once and revokes a named API key', async () => {
    await page.getByRole('link', { name: 'Budgets & keys' }).click();
    const budgets = page.getByRole('form', { name: 'Fix budgets' });
    await budgets.getByLabel('Fixes running at once').fill('2');
    await budgets.getByRole('button', { name: 'Save budgets' }).click();
    await expect
      .poll(
        async () =>
          (
            await rt.app.inject({
              method: 'GET',
              url: `/api/projects/${project.id}/budgets`,
              headers: { authorization: `Bearer ${project.apiKey}` },
            })
          ).json().limits.maxConcurrentFixes,
      )
      .toBe(2);

    const create = page.getByRole('form', { name: 'Create an API key' });
    await create.getByLabel('Key name').fill('ci');
    await create.getByRole('button', { name: 'Create key' }).click();
    const shown = await page.getByRole('textbox', { name: 'API key' }).inputValue();
    expect(shown).toMatch(/^sc_/);
    const use = () =>
      fetch(`${base}/api/projects/${project.id}/clusters`, { headers: { authorization: `Bearer ${shown}` } });
    expect((await use()).status).toBe(200);
    await page.getByRole('button', { name: 'Revoke ci' }).click();
    await page.getByText('revoked').waitFor();
    expect((await use()).status).toBe(401);
    await page.screenshot({ path: path.join(shots, '41-budgets-and-keys.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
