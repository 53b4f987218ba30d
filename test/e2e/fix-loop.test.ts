import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFixSettings } from '../../src/domain/fixes/fix-settings.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { fixCouponCommand, fixLoopEnv, shopFiles, tempDataDir } from '../fixes/fix-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { ensureScreenshotDir, launchChromium, type Browser } from './browser.js';

/**
 * The fix loop seen from the browser: generate and edit a plan, Start fix, watch the agent's log arrive
 * while the job runs (Server-Sent Events; and, in a second tab whose browser cannot open the stream, by
 * polling), then the PR on the cluster and on the PRs page. GitHub is the local fake (real bare git
 * repositories over smart HTTP + the REST endpoints), the agent a shell script that takes its time.
 */
const TOKEN = 'ghp_dashboarde2e0123456789abcdefghijk';
let gh: FakeGithub;
let rt: TestRuntime;
let browser: Browser;
let page: Page;
let base: string;
let shots: string;
let projectId: string;
let apiKey: string;

const shot = (p: Page, name: string) =>
  p.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

beforeAll(async () => {
  shots = await ensureScreenshotDir();
  gh = await startFakeGithub({ token: TOKEN });
  await gh.createRepo('acme/shop', shopFiles);
  const dir = await tempDataDir();
  const agent = path.join(dir, 'agent.sh');
  await writeFile(
    agent,
    [
      'set -e',
      'for step in 1 2 3 4 5 6; do echo "agent: working, step $step of 6"; sleep 1; done',
      fixCouponCommand,
      'echo "agent: fixed applyCoupon"',
    ].join('\n'),
  );
  rt = await createTestRuntime({
    workers: true,
    env: {
      ...fixLoopEnv({ dataDir: dir, githubUrl: gh.url, agentFile: agent }),
      SOULCASTER_LOCAL_MODE: 'auto',
      HOST: '127.0.0.1',
      GITHUB_TOKEN: TOKEN,
    },
  });
  const p = await createProject(rt.db.pool, { name: 'Shop', repo: 'acme/shop' });
  projectId = p.id;
  apiKey = p.apiKey;
  await rt.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(rt.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  await browser.context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await rt?.close();
  await gh?.close();
});

const api = (method: string, url: string, body?: unknown) =>
  fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('fixing a cluster from the dashboard', () => {
  it('plans the fix and edits the plan', async () => {
    for (const [title, body] of [
      [
        "Checkout crashes: TypeError reading 'discount' in applyCoupon",
        'at applyCoupon (src/checkout/cart.ts:5:10)',
      ],
      [
        "Checkout crashes with TypeError reading 'discount' in applyCoupon",
        'at applyCoupon (src/checkout/cart.ts:5:10)',
      ],
    ])
      expect((await api('POST', `/ingest/manual?project_id=${projectId}`, { title, body })).status).toBe(202);
    // (what runs is an owner's choice, not an API key's; set directly here)
    await setFixSettings(rt.db.pool, projectId, { testCommand: 'sh test/cart.test.sh' });

    await page.goto(`${base}/dashboard/clusters`);
    const sized = page.locator('.clusters-table tbody tr', {
      has: page.locator('td.size', { hasText: /^2$/ }),
    });
    await expect.poll(() => sized.count(), { timeout: 60_000 }).toBe(1);
    await sized.getByRole('link').click();
    await page.getByRole('button', { name: 'Generate plan' }).click();
    await page.locator('.plan-files').getByText('src/checkout/cart.ts').waitFor();

    await page.getByRole('button', { name: 'Edit plan' }).click();
    await page.getByRole('button', { name: 'Add task' }).click();
    const tasks = page.getByLabel(/^Task \d+$/);
    await tasks.last().fill('Add a regression test for unknown coupon codes');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.getByText('Edited by hand').waitFor();
    await page.locator('.plan-tasks').getByText('Add a regression test for unknown coupon codes').waitFor();
  });

  it('streams the running agent’s log, live, and by polling where the stream is blocked', async () => {
    const clusterUrl = page.url();
    await page.getByRole('button', { name: 'Start fix' }).click();
    const log = page.getByRole('log');
    // a line is on screen while the job is still running: it streamed, it was not loaded afterwards
    await log.getByText('agent: working, step 1 of 6').waitFor({ timeout: 60_000 });
    expect(await page.locator('.job .badge-job-running').count()).toBe(1);
    expect(await page.getByText('Log: live (streaming)').count()).toBe(1);
    await shot(page, '10-fix-live-log');

    // a second tab whose EventSource cannot connect falls back to polling …/logs?after=
    const polled = await browser.context.newPage();
    const logRequests: string[] = [];
    await polled.route('**/events', (route) => route.abort());
    polled.on('request', (r) => {
      if (r.url().includes('/logs?')) logRequests.push(r.url());
    });
    await polled.goto(clusterUrl);
    await polled.getByText(/Log: live \(polling every 3 s\)/).waitFor({ timeout: 30_000 });
    await polled.getByRole('log').getByText('agent: fixed applyCoupon').waitFor({ timeout: 60_000 });
    expect(logRequests.some((u) => /after=\d+/.test(u))).toBe(true);
    await polled.close();

    await page.locator('.job .badge-job-success').waitFor({ timeout: 60_000 });
    await log.getByText('agent: fixed applyCoupon').waitFor();
    // every line once, in order, although the stream and the final poll overlap
    const lines = await log.locator('.log-line').allTextContents();
    const steps = lines.filter((l) => l.includes('agent: working'));
    expect(steps.map((l) => l.trim().replace(/^\S+\s+/, ''))).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `agent: working, step ${n} of 6`),
    );
    await page.getByRole('link', { name: 'PR #1' }).waitFor();
    await page.getByText(/Tests passed/).waitFor();
    await expect.poll(() => page.locator('.cluster-header .badge').textContent()).toBe('PR opened');
    await shot(page, '11-fix-done');
  });

  it('lists the job and its pull request on the PRs page', async () => {
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'PRs' }).click();
    const row = page.locator('tbody tr').first();
    await row.getByRole('link', { name: '#1' }).waitFor();
    expect(await row.locator('.badge-job-success').count()).toBe(1);
    expect(await row.locator('.badge-pr-open').count()).toBe(1);
    expect(gh.pulls).toHaveLength(1);
    await shot(page, '12-prs');
  });
});
