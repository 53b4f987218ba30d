import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollSource } from '../../src/domain/ingestion/pollers/poll-source.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { getSource } from '../../src/domain/sources/source-repository.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { openDashboard, screenshotPages, type DashboardSession } from './dashboard-session.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/payloads/${name}`, import.meta.url));
const SENTRY_SECRET = 'sentry-client-secret-e2e-123456';

let rt: TestRuntime;
let s: DashboardSession;
let projectId: string;
let closedPort: number;

beforeAll(async () => {
  // a port that was just closed: the Reddit poll below is refused, as when the API is unreachable
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  rt = await createTestRuntime({
    env: {
      SOULCASTER_LOCAL_MODE: 'auto',
      HOST: '127.0.0.1',
      REDDIT_BASE_URL: `http://127.0.0.1:${closedPort}`,
    },
  });
  projectId = (await createProject(rt.db.pool, { name: 'Shop', repo: 'acme/shop' })).id;
  s = await openDashboard(rt);
});

afterAll(async () => {
  await s?.browser.close();
  await rt?.close();
});

const nav = (name: string) =>
  s.page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name });
const card = (heading: RegExp) =>
  s.page.locator('li.source', { has: s.page.getByRole('heading', { name: heading }) });
const fixSettings = async () =>
  (
    await rt.db.pool.query<{ fix: unknown }>(`select settings->'fix' as fix from projects where id = $1`, [
      projectId,
    ])
  ).rows[0]?.fix;

/** what the server answers the signed-in browser, read from inside the page (its session cookie) */
const apiFromPage = <T>(url: string) =>
  s.page.evaluate(async (u) => (await fetch(u)).json(), url) as Promise<T>;

describe('fix settings in Chromium', () => {
  it('shows which agent CLIs the server has, as the server reports them', async () => {
    await s.page.goto(`${s.base}/dashboard`);
    await nav('Fix settings').click();
    await s.page.getByRole('heading', { name: 'Fix settings', level: 1 }).waitFor();
    const agents = await apiFromPage<{ agents: { name: string; installed: boolean | null }[] }>(
      `/api/projects/${projectId}/fix/agents`,
    );
    const list = s.page.getByRole('region', { name: 'Agent CLIs on the server' });
    await expect.poll(() => list.locator('li').count()).toBe(agents.agents.length);
    for (const a of agents.agents) {
      const text = await list.locator('li', { has: s.page.getByText(a.name, { exact: true }) }).textContent();
      expect(text).toContain(
        a.installed === true ? 'installed' : a.installed === false ? 'not installed' : 'in the sandbox',
      );
      if (a.installed === true) expect(text).not.toContain('not installed');
    }
  });

  it('saves agent, test command and time limit for the owner, and lists the change', async () => {
    const form = s.page.getByRole('form', { name: 'Fix settings' });
    await form.getByLabel('Agent').selectOption('command');
    await form.getByLabel('Test command').fill('npm test');
    await form.getByLabel('Time limit (minutes)').fill('15');
    await form.getByRole('button', { name: 'Save fix settings' }).click();
    await s.page.getByText('Fix settings saved.').waitFor();
    expect(await fixSettings()).toEqual({ agent: 'command', testCommand: 'npm test', timeoutSeconds: 900 });
    const history = s.page.getByRole('region', { name: 'History' });
    await history.getByText(/Test command: unset → npm test/).waitFor();
    // after a reload the form shows what is stored
    await s.page.reload();
    expect(await form.getByLabel('Test command').inputValue()).toBe('npm test');
    expect(await form.getByLabel('Time limit (minutes)').inputValue()).toBe('15');
    await s.page.screenshot({ path: path.join(s.shots, '50-fix-settings.png'), fullPage: true });
  });

  it('says in words what is wrong with a value', async () => {
    const form = s.page.getByRole('form', { name: 'Fix settings' });
    await form.getByLabel('Base branch').fill('not a branch!');
    await form.getByRole('button', { name: 'Save fix settings' }).click();
    const error = form.locator('.form-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      'The request body is invalid: Base branch contains characters that are not allowed.',
    );
    expect(await fixSettings()).toEqual({ agent: 'command', testCommand: 'npm test', timeoutSeconds: 900 });
  });
});

describe('sources in Chromium', () => {
  it('warns that a loopback URL is unreachable for vendors, at the top of its own page', async () => {
    await nav('Sources').click();
    await s.page.getByRole('heading', { name: 'Sources', level: 1 }).waitFor();
    const warning = s.page.getByRole('note', { name: 'Public URL' });
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(
      /Vendors cannot reach http:\/\/127\.0\.0\.1:\d+\..*PUBLIC_URL/,
    );
  });

  it('adds Sentry with a masked secret, shows its settings, setup steps and "no delivery yet"', async () => {
    await s.page.getByLabel('Kind').selectOption('sentry');
    const secret = s.page.getByLabel('Client Secret');
    expect(await secret.getAttribute('type')).toBe('password');
    await secret.fill(SENTRY_SECRET);
    await s.page.getByLabel('Minimum level').selectOption('error');
    await s.page.getByRole('button', { name: 'Add Sentry source' }).click();
    const sentry = card(/^Sentry/);
    await sentry.getByLabel('Webhook URL for Sentry').waitFor();
    expect(
      await sentry.getByRole('list', { name: 'Sentry settings' }).or(sentry.locator('dl')).textContent(),
    ).toContain('Minimum levelerror');
    await sentry.getByText('No delivery yet').waitFor();
    expect(await sentry.textContent()).toContain('Client Secret: sent••••');
    expect(await sentry.textContent()).not.toContain(SENTRY_SECRET);
    await sentry.getByText('How to set up Sentry').click();
    expect(await sentry.locator('.setup-steps li').count()).toBeGreaterThan(0);
  });

  it('shows the last delivery after a real signed webhook, and a refused one with its reason', async () => {
    // the URL as shown, sent to the port this test's server listens on (the configured one is not)
    const shown = new URL(
      await card(/^Sentry/)
        .getByLabel('Webhook URL for Sentry')
        .inputValue(),
    );
    const url = `${s.base}${shown.pathname}${shown.search}`;
    const body = fixture('sentry-issue-alert.json');
    const send = (signature: string) =>
      fetch(url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'sentry-hook-resource': 'event_alert',
          'sentry-hook-signature': signature,
        },
      });
    const accepted = await send(createHmac('sha256', SENTRY_SECRET).update(body).digest('hex'));
    expect(accepted.status).toBe(202);
    await s.page.reload();
    const sentry = card(/^Sentry/);
    await sentry.getByText(/Last delivery .*: accepted/).waitFor();
    await s.page.screenshot({ path: path.join(s.shots, '51-sources-delivery.png'), fullPage: true });

    expect((await send('0'.repeat(64))).status).toBe(401);
    await s.page.reload();
    await sentry.getByText(/Last delivery .*: refused/).waitFor();
    expect(await sentry.locator('.delivery').textContent()).toContain('signature or token does not match');
  });

  it('reveals a secret to the owner, and rotates a generated one', async () => {
    const sentry = card(/^Sentry/);
    await sentry.getByRole('button', { name: 'Reveal Client Secret' }).click();
    expect(await sentry.getByLabel('Client Secret', { exact: true }).inputValue()).toBe(SENTRY_SECRET);
    await sentry.getByRole('button', { name: 'Hide Client Secret' }).click();

    await s.page.getByLabel('Kind').selectOption('splunk');
    await s.page.getByRole('button', { name: 'Generate' }).click();
    await s.page.getByRole('button', { name: 'Add Splunk source' }).click();
    const splunk = card(/^Splunk/);
    await splunk.getByLabel('Webhook URL for Splunk').waitFor();
    const row = await rt.db.pool.query<{ id: string }>(
      `select id from sources where project_id = $1 and kind = 'splunk'`,
      [projectId],
    );
    const before = (
      await getSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, row.rows[0]!.id)
    ).secrets.token;
    s.page.once('dialog', (d) => void d.accept());
    await splunk.getByRole('button', { name: 'Rotate Token' }).click();
    const shown = splunk.getByLabel('Token', { exact: true });
    await shown.waitFor();
    const after = (
      await getSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, row.rows[0]!.id)
    ).secrets.token;
    expect(after).not.toBe(before);
    expect(await shown.inputValue()).toBe(after);
  });

  it('refuses a bad subreddit in words, then shows Reddit without a webhook URL and a failed poll with its cause', async () => {
    await s.page.getByLabel('Kind').selectOption('reddit');
    await s.page.getByLabel('Subreddits').fill('bad name!');
    await s.page.getByRole('button', { name: 'Add Reddit source' }).click();
    const error = s.page.locator('.add-source .form-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      /^Invalid Reddit settings: Subreddits: subreddit names are 2-21/,
    );

    await s.page.getByLabel('Subreddits').fill('webdev\nr/reactjs');
    await s.page.getByRole('button', { name: 'Add Reddit source' }).click();
    const reddit = card(/^Reddit/);
    await reddit.getByText('there is no webhook to set up').waitFor();
    expect(await reddit.getByLabel('Webhook URL for Reddit').count()).toBe(0);
    expect(await reddit.locator('dl').textContent()).toContain('Subredditswebdev, reactjs');

    const { rows } = await rt.db.pool.query<{ id: string }>(
      `select id from sources where project_id = $1 and kind = 'reddit'`,
      [projectId],
    );
    await expect(pollSource(rt.services.pollers, projectId, rows[0]!.id)).rejects.toThrow();
    await s.page.reload();
    await reddit.getByText(/failed: fetch failed: .*ECONNREFUSED/).waitFor();
  });

  it('takes screenshots of the sources and fix settings pages, light and dark, phone and desktop', async () => {
    await screenshotPages(s, '52', [
      { name: 'sources', url: '/dashboard/sources', ready: 'Webhook URL for Sentry' },
      { name: 'fix-settings', url: '/dashboard/settings/fix', ready: 'Agent CLIs on the server' },
    ]);
  });

  it('logged no errors in the browser console', () => {
    // a refused mutation (the invalid base branch, the bad subreddit) is logged by Chromium as a failed
    // resource load: expected here, and only these two
    const unexpected = s.consoleErrors.filter(
      (e) => !/Failed to load resource: the server responded with a status of 400/.test(e),
    );
    expect(unexpected).toEqual([]);
    expect(s.consoleErrors).toHaveLength(2);
  });
});
