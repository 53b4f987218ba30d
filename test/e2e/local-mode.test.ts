import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { ensureScreenshotDir, launchChromium, type Browser } from './browser.js';

let rt: TestRuntime;
let browser: Browser;
let page: Page;
let base: string;
let shots: string;

beforeAll(async () => {
  shots = await ensureScreenshotDir();
  // no OAuth app, bound to loopback: single-user local mode
  rt = await createTestRuntime({ env: { SOULCASTER_LOCAL_MODE: 'auto', HOST: '127.0.0.1' } });
  await createProject(rt.db.pool, { name: 'Made with the CLI', repo: 'acme/cli' });
  await rt.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(rt.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await rt?.close();
});

describe('dashboard in local mode', () => {
  it('opens without signing in, says it is local, and shows projects made with the CLI', async () => {
    await page.goto(`${base}/dashboard`);
    await page.getByText('Local mode — single user, loopback only').waitFor();
    await page.getByRole('heading', { name: 'Made with the CLI: overview' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.screenshot({ path: path.join(shots, '09-local-mode.png'), fullPage: true });
  });

  it('accepts a change right away: the page holds the CSRF token of the session its cookie names', async () => {
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Feedback' }).click();
    await page.getByLabel('Title').fill('Export to CSV hangs on large projects');
    await page.getByRole('button', { name: 'Submit feedback' }).click();
    await page.getByText('Submitted. It will join a cluster in a few seconds.').waitFor();
    const { rows } = await rt.db.pool.query<{ n: number }>('select count(*)::int as n from sessions');
    expect(rows[0]?.n).toBe(1); // the first visit made one local session, not one per parallel request
  });

  it('the sign-in page explains local mode and links to the dashboard', async () => {
    await page.goto(`${base}/auth/signin`);
    await page.getByText(/runs in local mode/).waitFor();
    expect(await page.getByRole('link', { name: 'Sign in with GitHub' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Open the dashboard' }).click();
    await page.waitForURL(`${base}/dashboard`);
  });

  it('keyboard users can skip to the content and reach the navigation in order', async () => {
    await page.goto(`${base}/dashboard/clusters`);
    await page.getByRole('heading', { name: 'Clusters' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab'); // brand
    await page.keyboard.press('Tab'); // project switcher
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('SELECT');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Overview');
  });
});
