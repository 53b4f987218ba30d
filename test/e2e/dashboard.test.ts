import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGithubOAuth, type FakeGithubOAuth } from '../fakes/github-oauth-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { ensureScreenshotDir, launchChromium, type Browser } from './browser.js';

let github: FakeGithubOAuth;
let rt: TestRuntime;
let browser: Browser;
let page: Page;
let base: string;
let shots: string;
const consoleErrors: string[] = [];
let signedIn = false;

const nav = (name: string) => page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name });
const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

beforeAll(async () => {
  shots = await ensureScreenshotDir();
  github = await startFakeGithubOAuth();
  const avatar = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1" fill="teal"/></svg>')}`;
  github.signInAs({ id: 4242, login: 'ada', name: 'Ada Lovelace', email: null, avatar_url: avatar });
  rt = await createTestRuntime({
    workers: true,
    env: github.env,
  });
  await rt.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(rt.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  // nothing leaves this machine: any request to another host fails the test
  await browser.context.route(
    (url) => url.hostname !== '127.0.0.1' && url.protocol !== 'data:',
    async (route) => {
      consoleErrors.push(`blocked off-machine request ${route.request().url()}`);
      await route.abort();
    },
  );
  page = await browser.context.newPage();
  page.on('console', (m) => {
    // signed out, /api/me answers 401 by design; that is how the page learns it must offer sign-in
    if (m.type() === 'error' && !(!signedIn && /status of 401/.test(m.text())))
      consoleErrors.push(`${m.location().url}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await rt?.close();
  await github?.close();
});

describe('dashboard in Chromium', () => {
  it('sends a visitor to sign in, and signs in through the GitHub OAuth web flow', async () => {
    // a deep link: after the OAuth round trip the browser comes back to it
    await page.goto(`${base}/dashboard/feedback`);
    await page.waitForURL(`${base}/auth/signin?returnTo=${encodeURIComponent('/dashboard/feedback')}`);
    const button = page.getByRole('link', { name: 'Sign in with GitHub' });
    await button.waitFor();
    await shot('01-sign-in');
    await button.click();
    // /auth/github → the fake GitHub's authorize (auto-approves) → /auth/github/callback → back
    await page.waitForURL(`${base}/dashboard/feedback`);
    signedIn = true;
    expect(github.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      'GET /login/oauth/authorize',
      'POST /login/oauth/access_token',
      'GET /user',
    ]);
    const authorize = new URL(github.requests[0]!.url, github.url);
    expect(authorize.searchParams.get('scope')).toBe('repo read:user');
    await page.getByRole('heading', { name: 'Welcome to Soulcaster' }).waitFor();
    expect(await page.getByText('ada', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(/Local mode/).count()).toBe(0);
  });

  it('creates the first project, shows its API key once, and selects it', async () => {
    await shot('02-welcome');
    await page.getByLabel('Name').fill('Shop');
    await page.getByLabel('GitHub repository (optional)').fill('acme/shop');
    await page.getByRole('button', { name: 'Create project' }).click();
    const key = await page.getByLabel('API key').inputValue();
    expect(key).toMatch(/^sc_/);
    await page.getByRole('button', { name: /I have saved the key/ }).click();
    await page.getByRole('heading', { name: 'Feedback', exact: true }).waitFor();
    await nav('Overview').click();
    await page.getByRole('heading', { name: 'Shop: overview' }).waitFor();
    expect(await page.getByLabel('Project').inputValue()).toMatch(/^[0-9a-f-]{36}$/);
    // the key works against the API: the project really exists, with this repository
    const projectId = await page.getByLabel('Project').inputValue();
    const res = await fetch(`${base}/api/projects/${projectId}/clusters`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
  });

  it('submits feedback from the keyboard and sees it clustered', async () => {
    await nav('Feedback').click();
    await page.getByRole('heading', { name: 'Feedback', exact: true }).waitFor();
    await page.getByText('No feedback yet.').waitFor();

    // keyboard only: focus the title, Tab through the fields, Enter submits
    const title = page.getByLabel('Title');
    await title.focus();
    await page.keyboard.type('Checkout button does nothing on Safari');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('body');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none'); // a visible focus ring
    await page.keyboard.type('Tapping Pay on iOS Safari 17 does nothing.');
    await title.press('Enter');
    await page.getByText('Submitted. It will join a cluster in a few seconds.').waitFor();

    for (const t of ['Checkout button not working on Safari', 'Dark mode colours are unreadable']) {
      await title.fill(t);
      await page.getByRole('button', { name: 'Submit feedback' }).click();
      await expect.poll(() => title.inputValue()).toBe('');
    }
    // all three get a cluster (the workers run in this process); the list refreshes by itself
    await expect
      .poll(() => page.getByRole('link', { name: 'Open cluster' }).count(), { timeout: 60_000 })
      .toBe(3);
    await shot('03-feedback');

    // search from the keyboard: Enter filters the list (it once blanked the whole app)
    const feedbackRows = page.locator('section[aria-labelledby="all-feedback"] tbody tr');
    await page.getByLabel('Search', { exact: true }).fill('safari');
    await page.getByLabel('Search', { exact: true }).press('Enter');
    await expect.poll(() => feedbackRows.count()).toBe(2);
    await page.getByLabel('Search', { exact: true }).fill('no such words');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Nothing matches these filters.').waitFor();
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.getByLabel('Search', { exact: true }).press('Enter');
    await expect.poll(() => feedbackRows.count()).toBe(3);
  });

  it('lists clusters with filters and opens one with its feedback', async () => {
    await nav('Clusters').click();
    const rows = page.locator('.clusters-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    await page.getByLabel('Sort by').selectOption('size');
    await expect.poll(() => rows.first().locator('td.size').textContent()).toBe('2');
    await shot('04-clusters');

    await page.getByLabel('Search').fill('dark mode');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel('Search').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => rows.count()).toBe(2);

    await rows.first().getByRole('link').click();
    await page.waitForURL(/\/dashboard\/clusters\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Feedback in this cluster/ }).waitFor();
    const items = page.locator('.item-list .item');
    await expect.poll(() => items.count()).toBe(2);
    await expect.poll(() => page.locator('.cluster-facts').textContent()).toContain('acme/shop');
    await page.getByRole('heading', { name: 'Coding plan' }).waitFor();
    await shot('05-cluster-detail');
  });

  it('configures sources and shows the webhook URL to paste into each vendor', async () => {
    await nav('Feedback').click();
    await page.getByRole('link', { name: 'Configure sources' }).click();
    await page.getByText('No sources configured.').waitFor();

    await page.getByLabel('Kind').selectOption('sentry');
    await page.getByLabel('Client Secret').fill('sentry-client-secret-123456');
    await page.getByLabel('Minimum level').selectOption('error');
    await page.getByRole('button', { name: 'Add Sentry source' }).click();
    const sentryUrl = page.getByLabel('Webhook URL for Sentry');
    await sentryUrl.waitFor();
    expect(await sentryUrl.inputValue()).toMatch(/\/ingest\/sentry\?project_id=[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('.source').first().textContent()).toContain('sent••••');

    await page.getByLabel('Kind').selectOption('reddit');
    await page.getByLabel('Subreddits').fill('webdev\nr/reactjs');
    await page.getByRole('button', { name: 'Add Reddit source' }).click();
    // Reddit is fetched, not pushed: its card says so instead of offering a webhook URL
    await page.getByText('Reddit is fetched on a schedule: there is no webhook to set up.').waitFor();
    expect(await page.getByLabel('Webhook URL for Reddit').count()).toBe(0);
    await shot('06-sources');

    // what the browser configured is what the server stored
    const projectId = await page.getByLabel('Project').inputValue();
    const { rows } = await rt.db.pool.query<{ kind: string; config: Record<string, unknown> }>(
      'select kind, config from sources where project_id = $1 order by kind',
      [projectId],
    );
    expect(rows).toEqual([
      { kind: 'reddit', config: { subreddits: ['webdev', 'reactjs'], intervalMinutes: 5, keywords: [] } },
      { kind: 'sentry', config: { minLevel: 'error' } },
    ]);
  });

  it('shows the overview with the feedback chart, and the PR list', async () => {
    await nav('Overview').click();
    await page.getByRole('heading', { name: 'Clusters by status' }).waitFor();
    await page.locator('.chart svg rect.bar-manual').first().waitFor();
    const newCount = await page.locator('.stat-new .stat-value').textContent();
    expect(newCount).toBe('2');
    await shot('07-overview');

    await nav('PRs').click();
    await page.getByRole('heading', { name: 'Fixes and pull requests' }).waitFor();
    await page.waitForLoadState('networkidle');
    await shot('08-prs');
  });

  it('shows the projects page with its members, and says what to do about an unknown login', async () => {
    await nav('Projects').click();
    const members = page.locator('section', { has: page.getByRole('heading', { name: 'Members of Shop' }) });
    await members.getByText('ada', { exact: true }).waitFor();
    expect(await members.locator('.badge').first().textContent()).toBe('owner');
    await page.getByLabel('GitHub login').fill('grace');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByText('no user grace yet: ask them to sign in with GitHub once, then add them').waitFor();
    // the owner changes what fixes run (from this signed-in browser); the page lists the change
    const status = await page.evaluate(async () => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const list = (await (await fetch('/api/projects')).json()) as { items: { id: string }[] };
      const res = await fetch(`/api/projects/${list.items[0]!.id}/settings/fix`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ testCommand: 'npm test', timeoutSeconds: 900 }),
      });
      return res.status;
    });
    expect(status).toBe(200);
    await shot('13-projects');
    // the change is listed on the fix settings page, with who made it
    await nav('Fix settings').click();
    const history = page.locator('section', {
      has: page.getByRole('heading', { name: 'History' }),
    });
    await history.getByText('npm test').waitFor();
    expect(await history.locator('.item').count()).toBe(1);
    expect(await history.locator('.item strong').textContent()).toBe('ada');
    expect(await history.getByText(/Time limit \(s\)/).isVisible()).toBe(true);
    await shot('14-fix-settings');
  });

  it('logged no errors in the browser console', () => {
    // adding a login that never signed in is refused with 404 on purpose (previous test)
    const unknownMember = /\/members: .*status of 404/;
    expect(consoleErrors.filter((e) => !unknownMember.test(e))).toEqual([]);
  });
});
