import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFixSettings } from '../../src/domain/fixes/fix-settings.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { githubDelivery, webhookRepository } from '../fakes/github-webhooks.js';
import { fixCouponCommand, fixLoopEnv, shopFiles, tempDataDir } from '../fixes/fix-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { ensureScreenshotDir, launchChromium, type Browser } from './browser.js';

/**
 * GitHub follow-through from the browser: "Create GitHub issue" on a cluster (the link appears, and
 * closing the issue on GitHub resolves the cluster), then a fix whose PR gets a review: the review shows
 * on the fix, and "Address review" runs the agent again on the same branch and pushes to the same PR.
 * GitHub is the local fake; webhooks are signed as GitHub signs them.
 */
const TOKEN = 'ghp_followe2e0123456789abcdefghijklmn';
const SECRET = 'whsec-follow-e2e';
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
      'if grep -q "Review to address" "$SOULCASTER_TASK_FILE"; then',
      '  echo "agent: addressing the review"; cp "$SOULCASTER_TASK_FILE" review-task.md',
      `else ${fixCouponCommand}; echo "agent: fixed applyCoupon"; fi`,
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
  await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, {
    kind: 'github',
    name: 'shop',
    config: { repositories: ['acme/shop'] },
    secrets: { token: TOKEN, webhookSecret: SECRET },
  });
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

const ingest = (title: string, body: string) =>
  fetch(`${base}/ingest/manual?project_id=${projectId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, body }),
  });
const deliver = (event: string, payload: Record<string, unknown>) => {
  const d = githubDelivery(SECRET, event, { ...payload, ...webhookRepository('acme/shop') });
  return fetch(`${base}/ingest/github/webhook?project_id=${projectId}`, {
    method: 'POST',
    headers: d.headers,
    body: d.body,
  });
};

describe('GitHub follow-through in the dashboard', () => {
  let clusterUrl: string;

  it('creates a GitHub issue from a cluster, and closing it resolves the cluster', async () => {
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
      expect((await ingest(title!, body!)).status).toBe(202);
    await setFixSettings(rt.db.pool, projectId, { testCommand: 'sh test/cart.test.sh' });

    await page.goto(`${base}/dashboard/clusters`);
    const sized = page.locator('.clusters-table tbody tr', {
      has: page.locator('td.num', { hasText: /^2$/ }),
    });
    await expect.poll(() => sized.count(), { timeout: 60_000 }).toBe(1);
    await sized.getByRole('link').click();
    clusterUrl = page.url();
    const clusterId = clusterUrl.split('/').pop()!;

    await page.getByRole('button', { name: 'Create GitHub issue' }).click();
    const link = page.locator('.github-issue').getByRole('link', { name: 'acme/shop#1' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`${gh.url}/acme/shop/issues/1`);
    // the issue links back to each report on this page
    const issue = gh.follow.issues[0]!;
    expect(issue.body).toContain(`/dashboard/clusters/${clusterId}#item-`);
    const itemId = /#item-([0-9a-f-]{36})/.exec(issue.body ?? '')![1]!;
    await page.goto(`${base}/dashboard/clusters/${clusterId}#item-${itemId}`);
    await page.locator(`#item-${itemId}`).waitFor();
    await shot(page, '40-cluster-github-issue');

    const closed = gh.changeIssue('acme/shop', 1, { state: 'closed' });
    expect((await deliver('issues', { action: 'closed', issue: closed })).status).toBe(200);
    await page.reload();
    await expect.poll(() => page.locator('.cluster-header .badge').textContent()).toBe('Resolved');
    await page.locator('.github-issue .badge-issue-closed').waitFor();
    const reopened = gh.changeIssue('acme/shop', 1, { state: 'open' });
    await deliver('issues', { action: 'reopened', issue: reopened });
    await page.reload();
    await expect.poll(() => page.locator('.cluster-header .badge').textContent()).toBe('New');
  });

  it('shows a review on the fix and addresses it on the same branch and PR', async () => {
    await page.getByRole('button', { name: 'Generate plan' }).click();
    await page.locator('.plan-files').getByText('src/checkout/cart.ts').waitFor();
    await page.getByRole('button', { name: 'Start fix' }).click();
    await page.locator('.job .badge-job-success').waitFor({ timeout: 90_000 });
    await page.getByRole('link', { name: 'PR #2' }).waitFor();
    const pull = gh.pulls[0]!;
    const { review, comments } = await gh.addReview('acme/shop', pull.number, {
      state: 'CHANGES_REQUESTED',
      body: 'Please also log unknown coupon codes.',
      comments: [{ path: 'src/checkout/cart.ts', line: 5, body: 'Log couponCode here before falling back.' }],
    });
    await deliver('pull_request_review', {
      action: 'submitted',
      review,
      pull_request: { number: pull.number },
    });
    await deliver('pull_request_review_comment', {
      action: 'created',
      comment: comments[0],
      pull_request: { number: pull.number },
    });
    await page.reload();
    const panel = page.getByLabel(`Review of PR #${pull.number}`);
    await panel.getByText('Log couponCode here before falling back.').waitFor({ timeout: 30_000 });
    await panel.getByText('src/checkout/cart.ts:5').waitFor();
    await shot(page, '41-fix-review');

    const before = await gh.branchSha('acme/shop', pull.head);
    await panel.getByRole('button', { name: 'Address review (2)' }).click();
    const followUp = page.locator('.job', { hasText: 'addresses review' });
    await followUp.locator('.badge-job-success').waitFor({ timeout: 90_000 });
    await followUp.getByRole('link', { name: `PR #${pull.number}` }).waitFor();
    expect(gh.pulls).toHaveLength(1);
    const after = await gh.branchSha('acme/shop', pull.head);
    expect(after).not.toBe(before);
    expect((await gh.git('acme/shop', ['rev-parse', `${after}^`])).trim()).toBe(before);
    expect(await gh.showFile('acme/shop', pull.head, 'review-task.md')).toContain(
      '> Log couponCode here before falling back.',
    );
    await expect.poll(() => page.locator('.cluster-header .badge').textContent()).toBe('PR opened');
    // addressed: the button waits for new comments
    await expect
      .poll(() =>
        page
          .getByLabel(`Review of PR #${pull.number}`)
          .getByRole('button', { name: 'Address review' })
          .isDisabled(),
      )
      .toBe(true);
    await shot(page, '42-review-addressed');
  });
});
