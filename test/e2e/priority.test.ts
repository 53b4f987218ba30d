import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { openDashboard, screenshotPages, type DashboardSession } from './dashboard-session.js';

let rt: TestRuntime;
let s: DashboardSession;
let projectId: string;
const DAY = 86_400_000;

// reports: title, author, days ago; near-identical titles join one cluster
const seed: [string, string, number][] = [
  ['Checkout fails with a card declined error', 'ann', 0],
  ['Checkout fails with card declined error', 'bob', 0],
  ['Checkout fails with a card declined error again', 'cy', 1],
  ['Checkout fails with the card declined error', 'dee', 2],
  ['Dark mode colours are unreadable in settings', 'eve', 10],
  ['Dark mode colours unreadable in settings', 'eve', 11],
  ['Export to CSV hangs on large projects', 'fay', 20],
];

beforeAll(async () => {
  rt = await createTestRuntime({ env: { SOULCASTER_LOCAL_MODE: 'auto', HOST: '127.0.0.1' } });
  projectId = (await createProject(rt.db.pool, { name: 'Shop', repo: 'acme/shop' })).id;
  let n = 0;
  for (const [title, author, daysAgo] of seed) {
    const at = new Date(Date.now() - daysAgo * DAY);
    const { item } = await storeFeedbackItem(
      { db: rt.db.pool, clock: { now: () => at }, clustering: { itemStored: async () => undefined } },
      projectId,
      { source: n % 2 === 0 ? 'manual' : 'sentry', externalId: `p-${n++}`, title, author },
    );
    await rt.services.clustering.clusterItem(projectId, item.id);
  }
  s = await openDashboard(rt);
});

afterAll(async () => {
  await s?.browser.close();
  await rt?.close();
});

const rows = () => s.page.locator('.clusters-table tbody tr');
const byPriority = () =>
  rt.db.pool
    .query<{
      id: string;
      title: string;
      priority: number;
      item_count: number;
      author_count: number;
      recent_count: number;
    }>(
      `select id, title, priority, item_count, author_count, recent_count from clusters
        where project_id = $1 order by priority desc, id desc`,
      [projectId],
    )
    .then((r) => r.rows);

describe('priority in Chromium', () => {
  it('lists clusters by priority by default, with a total, scores, trends and summaries', async () => {
    const expected = await byPriority();
    expect(expected.length).toBeGreaterThanOrEqual(3);
    await s.page.goto(`${s.base}/dashboard/clusters`);
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBe(expected.length);
    expect(await s.page.getByLabel('Sort by').inputValue()).toBe('priority');
    await s.page.getByText(`${expected.length} clusters`, { exact: true }).waitFor();
    // the server's order, each row showing its rounded score
    const links = await rows().locator('a.row-link').allTextContents();
    expect(links).toEqual(expected.map((c) => c.title));
    const scores = await rows().locator('.priority-score').allTextContents();
    expect(scores).toEqual(expected.map((c) => String(Math.round(c.priority))));
    // the checkout cluster: four people this week outrank the same-sized but older ones
    expect(links[0]).toMatch(/^Checkout fails/);
    // the sparkline says its numbers: one report per day on the last three days (today last)
    const spark = rows()
      .first()
      .getByRole('img', { name: /Reports per day, last 7 days/ });
    expect(await spark.getAttribute('aria-label')).toMatch(/: 0, 0, 0, 0, \d, \d, \d$/);
    // one project repository: said once above the table, not on every row
    await s.page.getByText('every cluster on this page fixes in').waitFor();
    expect(await rows().getByText('acme/shop').count()).toBe(0);
    // one page: no pager
    expect(await s.page.getByRole('navigation', { name: 'Cluster pages' }).count()).toBe(0);
  });

  it('explains a score in a tooltip on hover and on keyboard focus', async () => {
    const top = (await byPriority())[0]!;
    const score = rows().first().locator('.priority');
    await score.hover();
    const tip = rows().first().getByRole('tooltip');
    await tip.waitFor();
    const text = await tip.textContent();
    expect(text).toContain(`${top.item_count} reports`);
    expect(text).toContain(`${top.author_count} people`);
    expect(text).toContain(`${top.recent_count} reports in the last 7 days`);
    await s.page.screenshot({ path: path.join(s.shots, '40-priority-tooltip.png') });
    await s.page.mouse.move(0, 0);
    await s.page.keyboard.press('Escape');
    await score.focus();
    expect(await tip.isVisible()).toBe(true);
  });

  it('sorts by another key and back', async () => {
    await s.page.getByLabel('Sort by').selectOption('size');
    await expect.poll(() => s.page.url()).toContain('sort=size');
    const sizes = await rows().locator('td.size').allTextContents();
    expect(sizes.map(Number)).toEqual([...sizes.map(Number)].sort((a, b) => b - a));
  });

  it('shows new and growing clusters on the overview', async () => {
    await s.page.goto(`${s.base}/dashboard`);
    const fresh = s.page.getByRole('region', { name: 'New this week' });
    const growing = s.page.getByRole('region', { name: 'Growing fastest' });
    await growing.getByRole('link', { name: /^Checkout fails/ }).waitFor();
    // the dark-mode cluster's reports are 10 days old: neither new nor growing
    expect(await growing.getByRole('link', { name: /^Dark mode/ }).count()).toBe(0);
    expect(await fresh.getByRole('link', { name: /^Dark mode/ }).count()).toBe(0);
    await fresh.getByRole('link', { name: /^Checkout fails/ }).waitFor();
  });

  it('takes screenshots of the clusters list and the overview, light and dark, phone and desktop', async () => {
    await screenshotPages(s, '41', [
      { name: 'clusters-priority', url: '/dashboard/clusters', ready: 'Checkout fails' },
      { name: 'overview-highlights', url: '/dashboard', ready: 'Growing fastest' },
    ]);
  });

  it('logged no errors in the browser console', () => {
    expect(s.consoleErrors).toEqual([]);
  });
});
