import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { savePlan } from '../../src/domain/plans/plan-repository.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { ensureScreenshotDir, launchChromium, type Browser } from './browser.js';

let rt: TestRuntime;
let browser: Browser;
let page: Page;
let base: string;
let shots: string;
let projectId: string;
const consoleErrors: string[] = [];
const clusterOf: Record<string, string> = {};
const itemOf: Record<string, string> = {};

const reports = {
  safari1: 'Checkout button does nothing on Safari',
  safari2: 'Checkout button not working on Safari',
  reset: 'Password reset email never arrives',
  csv: 'CSV export drops accented characters',
  search: 'Search ignores archived projects',
  avatar: 'Avatar upload rejects PNG images',
};

const rows = () => page.locator('.clusters-table tbody tr');
const row = (title: string) => rows().filter({ hasText: title });
const db = <T extends object>(sql: string, params: unknown[] = []) =>
  rt.db.pool.query<T>(sql, params).then((r) => r.rows);
const clusterCount = async () =>
  (await db<{ n: number }>('select count(*)::int as n from clusters where project_id = $1', [projectId]))[0]!
    .n;
const clusterOfItem = async (itemId: string) =>
  (
    await db<{ cluster_id: string | null }>('select cluster_id from feedback_items where id = $1', [itemId])
  )[0]?.cluster_id;

beforeAll(async () => {
  shots = await ensureScreenshotDir();
  // local mode without GITHUB_TOKEN: Start fix must say how to provide one
  rt = await createTestRuntime({ workers: true, env: { SOULCASTER_LOCAL_MODE: 'auto', HOST: '127.0.0.1' } });
  const project = await createProject(rt.db.pool, { name: 'Shop' });
  projectId = project.id;
  let n = 0;
  for (const [key, title] of Object.entries(reports)) {
    const { item } = await storeFeedbackItem(
      { db: rt.db.pool, clock: rt.services.clock, clustering: { itemStored: async () => undefined } },
      projectId,
      { source: 'manual', externalId: `e2e-${n++}`, title, author: `user${n % 3}` },
    );
    itemOf[key] = item.id;
    clusterOf[key] = (await rt.services.clustering.clusterItem(projectId, item.id))!.clusterId;
  }
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
  await page.setViewportSize({ width: 1440, height: 900 });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await rt?.close();
});

describe('triage in Chromium', () => {
  it('seeded reports form the expected clusters', () => {
    expect(clusterOf.safari2).toBe(clusterOf.safari1);
    expect(new Set(Object.values(clusterOf)).size).toBe(5);
  });

  it('selects clusters with a shift-click range, merges them at once, and undoes the merge', async () => {
    // by last seen: a stable order of the seeded reports (all have the same priority inputs but time)
    await page.goto(`${base}/dashboard/clusters?sort=last_seen`);
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(5);
    // click one, shift-click another: everything between is selected too
    const titles = await rows().locator('a.row-link').allTextContents();
    const first = titles.indexOf(reports.reset);
    const last = titles.indexOf(reports.csv);
    expect(first).toBeGreaterThanOrEqual(0);
    await rows().nth(Math.min(first, last)).getByRole('checkbox').click();
    await rows()
      .nth(Math.max(first, last))
      .getByRole('checkbox')
      .click({ modifiers: ['Shift'] });
    const selected = Math.abs(last - first) + 1;
    await page.getByText(`${selected} clusters selected`).waitFor();
    await page
      .getByRole('toolbar', { name: 'Selected clusters' })
      .getByRole('button', { name: 'Merge' })
      .click();
    await expect.poll(() => rows().count()).toBe(5 - (selected - 1));
    await page.getByText(/^Merged \d+ clusters? into/).waitFor();
    await expect.poll(clusterCount).toBe(5 - (selected - 1));
    await page.screenshot({ path: path.join(shots, '20-clusters-merged-toast.png') });
    // Undo splits each merged cluster back out
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Undone.').waitFor();
    await expect.poll(clusterCount).toBe(5);
    await expect.poll(() => rows().count()).toBe(5);
    expect(await clusterOfItem(itemOf.reset!)).not.toBe(await clusterOfItem(itemOf.csv!));
  });

  it('ignores and resolves in bulk, sets a repository for many, each undoable', async () => {
    await row(reports.search).getByRole('checkbox').click();
    await row(reports.avatar).getByRole('checkbox').click();
    const toolbar = page.getByRole('toolbar', { name: 'Selected clusters' });
    await toolbar.getByRole('button', { name: 'Ignore' }).click();
    await expect.poll(() => row(reports.search).locator('.badge').textContent()).toMatch(/ignored/i);
    const ignored = await db<{ status: string }>('select status from clusters where id = $1', [
      clusterOf.search,
    ]);
    expect(ignored[0]?.status).toBe('ignored');
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(
        async () =>
          (await db<{ status: string }>('select status from clusters where id = $1', [clusterOf.search]))[0]
            ?.status,
      )
      .toBe('new');

    await page.getByRole('checkbox', { name: 'Select every cluster on this page' }).click();
    await page.getByRole('button', { name: 'Set repository…' }).click();
    await page.getByLabel('Repository', { exact: true }).fill('acme/shop');
    await page.getByRole('button', { name: 'Set repository', exact: true }).click();
    await page.getByText('every cluster on this page fixes in').waitFor();
    const repos = await db<{ repo: string | null }>(
      'select distinct repo from clusters where project_id = $1',
      [projectId],
    );
    expect(repos).toEqual([{ repo: 'acme/shop' }]);
  });

  it('previews how many clusters a threshold gives, then re-clusters with live progress', async () => {
    await page.getByText('Clustering: threshold and re-cluster').click();
    const slider = page.getByLabel(/Similarity threshold/);
    await page.getByText(/^At \d\.\d\d: about \d+ clusters from 6 reports/).waitFor();
    await slider.fill('0.95');
    await page.getByText(/^At 0\.95: about 6 clusters from 6 reports/).waitFor();
    await slider.fill('0.3');
    const loose = await fetchPreview(0.3);
    await page.getByText(`At 0.30: about ${loose} clusters from 6 reports`, { exact: false }).waitFor();
    expect(await clusterCount()).toBe(5); // a preview writes nothing
    await page.screenshot({ path: path.join(shots, '21-threshold-preview.png') });
    await page.getByRole('button', { name: 'Re-cluster project…' }).click();
    await page.getByText(/dissolves every new or ignored cluster/).waitFor();
    await page.getByRole('button', { name: 'Yes, re-cluster' }).click();
    await page.getByText(/Re-clustering finished: 6 reports in \d+ clusters/).waitFor({ timeout: 60_000 });
    for (const [key, id] of Object.entries(itemOf)) clusterOf[key] = (await clusterOfItem(id))!;
    expect(Object.values(clusterOf).every((c) => c !== null)).toBe(true);
  });

  it('splits selected reports off on the cluster page, and undoes it', async () => {
    expect(clusterOf.safari2).toBe(clusterOf.safari1);
    await page.goto(`${base}/dashboard/clusters/${clusterOf.safari1}`);
    await page.getByRole('heading', { name: /Feedback in this cluster/ }).waitFor();
    await page.getByRole('checkbox', { name: `Select "${reports.safari2}"` }).click();
    await page.getByRole('button', { name: 'Split 1 selected into a new cluster' }).click();
    await page.getByText('Split 1 report(s) into a new cluster.').waitFor();
    await expect.poll(() => page.locator('.item-list > .item').count()).toBe(1);
    expect(await clusterOfItem(itemOf.safari2!)).not.toBe(clusterOf.safari1);
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => clusterOfItem(itemOf.safari2!)).toBe(clusterOf.safari1);
    await expect.poll(() => page.locator('.item-list > .item').count()).toBe(2);
  });

  it('moves a report to another cluster', async () => {
    // by its title: other items' "why it joined" lines may name this report as their nearest
    const item = page
      .locator('.item-list > .item')
      .filter({ has: page.locator('.item-title').getByText(reports.safari2, { exact: true }) });
    await item.getByRole('button', { name: 'Move…' }).click();
    await item.getByLabel('Move to').selectOption({ label: `${reports.reset} (1)` });
    await item.getByRole('button', { name: 'Move report' }).click();
    await page.getByText(`Moved "${reports.safari2}" to "${reports.reset}".`).waitFor();
    await expect.poll(() => page.locator('.item-list > .item').count()).toBe(1);
    expect(await clusterOfItem(itemOf.safari2!)).toBe(clusterOf.reset);
  });

  it('edits a report and deletes one, with counts and the plan kept honest', async () => {
    await savePlan(rt.db.pool, {
      projectId,
      clusterId: clusterOf.reset!,
      plan: {
        summary: 'Send the reset email through the queue',
        files: [],
        tasks: [{ title: 'Queue the email', detail: '' }],
        kind: 'edited',
        model: null,
        repo: 'acme/shop',
        commitSha: null,
      },
    });
    await page.goto(`${base}/dashboard/clusters/${clusterOf.reset}`);
    const moved = page
      .locator('.item-list > .item')
      .filter({ has: page.locator('.item-title').getByText(reports.safari2, { exact: true }) });
    await moved.getByRole('button', { name: 'Edit' }).click();
    await moved.getByLabel('Report title').fill('Password reset link expires instantly');
    await moved.getByLabel('Repository it concerns').fill('acme/auth');
    await moved.getByRole('button', { name: 'Save report' }).click();
    await page.getByText('Report saved. The cluster summary is being rewritten.').waitFor();
    await page.locator('.item-title', { hasText: 'Password reset link expires instantly' }).waitFor();
    const edited = await db<{ title: string; repo: string }>(
      'select title, repo from feedback_items where id = $1',
      [itemOf.safari2],
    );
    expect(edited).toEqual([{ title: 'Password reset link expires instantly', repo: 'acme/auth' }]);
    await page.getByText(/This plan may be out of date: a report in this cluster was edited/).waitFor();

    const gone = page
      .locator('.item-list > .item')
      .filter({ hasText: 'Password reset link expires instantly' });
    await gone.getByRole('button', { name: 'Delete' }).click();
    await gone.getByRole('button', { name: 'Delete report' }).click();
    await page.getByText('Deleted "Password reset link expires instantly".').waitFor();
    await expect.poll(() => page.locator('.item-list > .item').count()).toBe(1);
    const left = await db<{ item_count: number }>('select item_count from clusters where id = $1', [
      clusterOf.reset,
    ]);
    expect(left).toEqual([{ item_count: 1 }]);
    expect(await db('select 1 from feedback_items where id = $1', [itemOf.safari2])).toEqual([]);
    await page.screenshot({ path: path.join(shots, '22-cluster-after-edit-delete.png'), fullPage: true });
  });

  it('keeps Start fix disabled with the reasons, which survive a reload and update as they are fixed', async () => {
    await db('update clusters set repo = null where id = $1', [clusterOf.search]);
    await page.goto(`${base}/dashboard/clusters/${clusterOf.search}`);
    const start = page.getByRole('button', { name: 'Start fix' });
    await page.getByText('Start fix is not available yet:').waitFor();
    expect(await start.isDisabled()).toBe(true);
    const blockers = page.locator('#fix-blockers');
    await blockers.getByText('No coding plan is saved yet.').waitFor();
    await blockers.getByText('No repository is set for this cluster.').waitFor();
    await blockers.getByText(/local mode has no sign-in, so pull requests use GITHUB_TOKEN/).waitFor();
    await blockers.getByText(/Set GITHUB_TOKEN/).waitFor();
    await page.screenshot({ path: path.join(shots, '23-start-fix-gated.png'), fullPage: true });

    await page.reload();
    await blockers.getByText('No coding plan is saved yet.').waitFor();

    await page.getByLabel('Repository for fixes').fill('acme/shop');
    await page.getByRole('button', { name: 'Save repository' }).click();
    await expect.poll(() => blockers.getByText('No repository is set for this cluster.').count()).toBe(0);
    await savePlan(rt.db.pool, {
      projectId,
      clusterId: clusterOf.search!,
      plan: {
        summary: 'Include archived projects in the index',
        files: [],
        tasks: [{ title: 'Index archived projects', detail: '' }],
        kind: 'edited',
        model: null,
        repo: 'acme/shop',
        commitSha: null,
      },
    });
    await page.reload();
    await page.getByRole('button', { name: 'Edit plan' }).waitFor();
    expect(await blockers.getByText('No coding plan is saved yet.').count()).toBe(0);
    // while the plan is being edited, Start fix waits for it
    await page.getByRole('button', { name: 'Edit plan' }).click();
    await blockers.getByText('The plan is being edited.').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).first().click();
    await blockers.getByText(/Set GITHUB_TOKEN/).waitFor();
    expect(await start.isDisabled()).toBe(true);
  });

  it('takes screenshots at 1440×900 and 390×844, light and dark, with nothing wider than a phone', async () => {
    const pages = [
      ['overview', '/dashboard'],
      ['clusters', '/dashboard/clusters'],
      ['cluster', `/dashboard/clusters/${clusterOf.search}`],
      ['feedback', '/dashboard/feedback'],
      ['projects', '/dashboard/projects'],
    ] as const;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [w, h] of [
        [1440, 900],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        for (const [name, url] of pages) {
          await page.goto(`${base}${url}`);
          await page.locator('main h1').first().waitFor();
          await page.waitForLoadState('networkidle');
          const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
          const dark = await page.evaluate(
            '(() => { const m = /(\\d+), (\\d+), (\\d+)/.exec(getComputedStyle(document.documentElement).backgroundColor); return m ? Number(m[1]) + Number(m[2]) + Number(m[3]) < 200 : false; })()',
          );
          expect(dark, `${name} ${scheme} background ${String(bg)}`).toBe(scheme === 'dark');
          await page.screenshot({
            path: path.join(shots, `30-${name}-${w}x${h}-${scheme}.png`),
            fullPage: true,
          });
          // what sticks out, named, when the page is too wide
          const widest = await page.evaluate(
            `[...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > ${w} + 1).slice(-3).map((e) => e.tagName + '.' + e.className).join(' ')`,
          );
          const width = await page.evaluate('document.documentElement.scrollWidth');
          expect(
            width,
            `${name} at ${w}px is ${String(width)}px wide: ${String(widest)}`,
          ).toBeLessThanOrEqual(w);
        }
      }
    }
    // the toggle pins a theme over the system's choice, and remembers it
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: 'Theme: system' }).click();
    await page.getByRole('button', { name: 'Theme: light' }).click();
    await page.getByRole('button', { name: 'Theme: dark' }).waitFor();
    await page.reload();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
  });

  it('logged no errors in the browser console on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});

async function fetchPreview(threshold: number): Promise<number> {
  const res = await rt.app.inject({
    method: 'GET',
    url: `/api/projects/${projectId}/settings/clustering/preview?threshold=${threshold}`,
    headers: {
      host: '127.0.0.1',
      cookie: (await browser.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; '),
    },
  });
  return (res.json() as { clusters: number }).clusters;
}
