import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollSource } from '../../src/domain/ingestion/pollers/poll-source.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { startFakeReddit, type FakeReddit } from '../fakes/reddit-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { ensureScreenshotDir, launchChromium, type Browser } from './browser.js';

const redditApp = { clientId: 'e2e-client-id', clientSecret: 'e2e-client-secret-value' };
const ddToken = 'dd-e2e-token-4471';
const template = readFileSync(
  new URL('../fixtures/payloads/datadog-webhook-user-template.json', import.meta.url),
);

let rt: TestRuntime;
let reddit: FakeReddit;
let browser: Browser;
let page: Page;
let base: string;
let shots: string;
let projectId: string;
let datadogId: string;
const consoleErrors: string[] = [];

const deliver = (payload: Buffer | string) =>
  rt.app.inject({
    method: 'POST',
    url: `/ingest/datadog/webhook?project_id=${projectId}`,
    payload,
    headers: { 'content-type': 'application/json', 'x-soulcaster-token': ddToken },
  });

beforeAll(async () => {
  shots = await ensureScreenshotDir();
  reddit = await startFakeReddit({ app: redditApp });
  rt = await createTestRuntime({
    env: {
      SOULCASTER_LOCAL_MODE: 'auto',
      HOST: '127.0.0.1',
      REDDIT_BASE_URL: reddit.url,
      REDDIT_OAUTH_URL: reddit.oauthUrl,
    },
  });
  projectId = (await createProject(rt.db.pool, { name: 'Vendors' })).id;
  const deps = { db: rt.db.pool, secrets: rt.services.secrets };
  const redditSource = await createSource(deps, projectId, {
    kind: 'reddit',
    config: { subreddits: ['AskReddit'], clientId: redditApp.clientId },
    secrets: { clientSecret: redditApp.clientSecret },
  });
  await pollSource(rt.services.pollers, projectId, redditSource.id);
  datadogId = (await createSource(deps, projectId, { kind: 'datadog', secrets: { token: ddToken } })).id;
  // a team's own template: the built-in parser finds no title in it, but the delivery is kept
  expect((await deliver(template)).json().status).toBe('ignored');

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
  await reddit?.close();
});

describe('vendor settings in Chromium', () => {
  it("shows the Reddit source's OAuth quota", async () => {
    await page.goto(`${base}/dashboard/feedback`);
    await page.getByRole('link', { name: 'Configure sources' }).click();
    const quota = page.getByLabel('API quota');
    await quota.waitFor();
    expect(await quota.textContent()).toMatch(
      /API quota \(OAuth\): 599 requests left · 1 used · window resets in \d+ minutes/,
    );
  });

  it('previews a field mapping on the last Datadog delivery, fixes a path, and saves it', async () => {
    const card = page.locator('.source').filter({ hasText: 'Datadog' });
    await card.getByText('Field mapping (built-in parser)').click();
    await card.getByLabel('Title path').fill('monitor.name');
    await card.getByLabel('URL path').fill('monitor.url');
    await card.getByLabel('External id path').fill('event.id');
    await card.getByRole('button', { name: 'Preview on last delivery' }).click();
    const preview = card.getByLabel('Mapping preview');
    await expect.poll(() => preview.textContent()).toContain('Checkout error rate above 5%');
    expect(await preview.textContent()).toContain('nothing at monitor.url');

    await card.getByLabel('URL path').fill('monitor.link');
    await card.getByRole('button', { name: 'Preview on last delivery' }).click();
    await expect.poll(() => preview.textContent()).toContain('https://app.datadoghq.com/monitors/91823');
    await page.screenshot({ path: path.join(shots, '30-field-mapping-preview.png'), fullPage: true });

    await card.getByRole('button', { name: 'Save mapping' }).click();
    await card.getByText('Field mapping (custom template)').waitFor();
    const { rows } = await rt.db.pool.query<{ config: Record<string, unknown> }>(
      'select config from sources where id = $1',
      [datadogId],
    );
    expect(rows[0]!.config.mapping).toEqual({
      title: 'monitor.name',
      url: 'monitor.link',
      externalId: 'event.id',
    });
    // the same template is now a report, with no code
    const res = await deliver(template);
    expect(res.statusCode).toBe(202);
    expect(res.json().items[0].externalId).toBe('7713386548121553467');
  });

  it('shows a readable error for a path that is not one', async () => {
    const card = page.locator('.source').filter({ hasText: 'Datadog' });
    await card.getByLabel('Title path').fill('monitor..name');
    await card.getByRole('button', { name: 'Preview on last delivery' }).click();
    await card.getByText(/title path "monitor\.\.name" has "\." at position 9/).waitFor();
  });

  it('logged no errors in the browser console', () => {
    // the refused preview answers 400 by design
    expect(consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
