import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestRuntime } from '../helpers/test-runtime.js';
import { ensureScreenshotDir, launchChromium, type Browser } from './browser.js';

export interface DashboardSession {
  browser: Browser;
  page: Page;
  base: string;
  shots: string;
  /** console errors, page errors and blocked off-machine requests, with the page they came from */
  consoleErrors: string[];
}

/**
 * The runtime's app listening on loopback and a fresh Chromium on it at 1440×900: every request that
 * would leave the machine is blocked and recorded, and so is every console error.
 */
export async function openDashboard(rt: TestRuntime): Promise<DashboardSession> {
  const shots = await ensureScreenshotDir();
  await rt.app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(rt.app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const consoleErrors: string[] = [];
  await browser.context.route(
    (url) => url.hostname !== '127.0.0.1' && url.protocol !== 'data:',
    async (route) => {
      consoleErrors.push(`blocked off-machine request ${route.request().url()}`);
      await route.abort();
    },
  );
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return { browser, page, base, shots, consoleErrors };
}

/**
 * Full-page screenshots of each page at 1440×900 and 390×844, light and dark (the system's choice), each
 * checked for the theme it asked for and for nothing wider than the viewport. `ready` names what must be
 * visible before the shot.
 */
export async function screenshotPages(
  s: DashboardSession,
  prefix: string,
  pages: readonly { name: string; url: string; ready: string }[],
): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await s.page.emulateMedia({ colorScheme: scheme });
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await s.page.setViewportSize({ width: w, height: h });
      for (const { name, url, ready } of pages) {
        await s.page.goto(`${s.base}${url}`);
        await s.page.getByText(ready).first().waitFor();
        await s.page.waitForLoadState('networkidle');
        const dark = await s.page.evaluate(
          '(() => { const m = /(\\d+), (\\d+), (\\d+)/.exec(getComputedStyle(document.documentElement).backgroundColor); return m ? Number(m[1]) + Number(m[2]) + Number(m[3]) < 200 : false; })()',
        );
        expect(dark, `${name} ${scheme}`).toBe(scheme === 'dark');
        await s.page.screenshot({
          path: path.join(s.shots, `${prefix}-${name}-${w}x${h}-${scheme}.png`),
          fullPage: true,
        });
        const widest = await s.page.evaluate(
          `[...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > ${w} + 1).slice(-3).map((e) => e.tagName + '.' + e.className).join(' ')`,
        );
        const width = await s.page.evaluate('document.documentElement.scrollWidth');
        expect(width, `${name} at ${w}px is ${String(width)}px wide: ${String(widest)}`).toBeLessThanOrEqual(
          w,
        );
      }
    }
  }
  await s.page.emulateMedia({ colorScheme: 'light' });
  await s.page.setViewportSize({ width: 1440, height: 900 });
}
