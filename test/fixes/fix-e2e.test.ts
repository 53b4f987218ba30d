import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollPullRequests } from '../../src/domain/fixes/poll-pull-requests.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { setCookie } from '../auth/sign-in.js';
import { fixCouponCommand, fixLoopEnv, shopFiles, tempDataDir } from './fix-fixtures.js';

/**
 * The whole loop with no internet: feedback in over HTTP → clustered by the workers → plan → Start Fix
 * with a deterministic command agent → a real commit pushed over smart HTTP into a real bare repository →
 * the PR opened through GitHub's REST API → cluster pr_opened → merged → resolved → new feedback reopens.
 */
const TOKEN = 'ghp_e2etoken0123456789abcdefghijklmn';
let gh: FakeGithub;
let rt: TestRuntime;
let projectId: string;
let auth: Record<string, string>;
let userId: string;
let session: Record<string, string>;

beforeAll(async () => {
  gh = await startFakeGithub({ token: TOKEN });
  await gh.createRepo('acme/shop', shopFiles);
  const dir = await tempDataDir();
  const agent = path.join(dir, 'agent.sh');
  // the deterministic "agent": reads its task, then fixes the null dereference the plan points at
  await writeFile(
    agent,
    [
      'set -e',
      'grep -q "src/checkout/cart.ts" "$SOULCASTER_TASK_FILE"',
      'echo "agent: task has $(wc -l < "$SOULCASTER_TASK_FILE") lines; token=${SOULCASTER_GITHUB_TOKEN:-absent}"',
      fixCouponCommand,
    ].join('\n'),
  );
  rt = await createTestRuntime({
    workers: true,
    env: {
      ...fixLoopEnv({ dataDir: dir, githubUrl: gh.url, agentFile: agent }),
      // single-user local mode: the browser is the local user, whose fixes use GITHUB_TOKEN
      SOULCASTER_LOCAL_MODE: 'auto',
      GITHUB_TOKEN: TOKEN,
      PUBLIC_URL: 'http://127.0.0.1:3000',
    },
  });
  const me = await rt.app.inject({ method: 'GET', url: '/api/me', headers: { host: '127.0.0.1:3000' } });
  session = {
    cookie: setCookie(me.headers, 'sc_session')!,
    'x-csrf-token': me.json().csrfToken as string,
    host: '127.0.0.1:3000',
  };
  userId = me.json().user.id as string;
  const p = await createProject(rt.db.pool, { name: 'e2e', repo: 'acme/shop' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
});
afterAll(async () => {
  await rt.close();
  await gh.close();
});

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = auth) =>
  rt.app.inject({
    method,
    url: `/api/projects/${projectId}${url}`,
    headers,
    ...(payload ? { payload } : {}),
  });

async function waitFor<T>(fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ingest = (title: string, body: string) =>
  rt.app.inject({
    method: 'POST',
    url: `/ingest/manual?project_id=${projectId}`,
    headers: auth,
    payload: { title, body },
  });

describe('the fix loop end to end', () => {
  let clusterId: string;
  let jobId: string;

  it('ingests feedback and clusters it', async () => {
    for (const [t, b] of [
      [
        "Checkout crashes: TypeError reading 'discount' in applyCoupon",
        'at applyCoupon (src/checkout/cart.ts:5:10) when the coupon code is unknown',
      ],
      [
        "Checkout crashes with TypeError reading 'discount' in applyCoupon",
        'unknown coupon code → at applyCoupon (src/checkout/cart.ts:5:10)',
      ],
    ])
      expect((await ingest(t!, b!)).statusCode).toBe(202);
    const cluster = await waitFor(async () => {
      const items = (await api('GET', '/clusters')).json().items as { id: string; itemCount: number }[];
      return items.find((c) => c.itemCount === 2);
    });
    clusterId = cluster.id;
  });

  it('plans the fix from the repository', async () => {
    const res = await api('POST', `/clusters/${clusterId}/plan`);
    expect(res.statusCode).toBe(201);
    expect(res.json().files[0].path).toBe('src/checkout/cart.ts');
    // the local user owns the project; an API key may not choose what runs
    const put = (headers: Record<string, string>) =>
      api('PUT', '/settings/fix', { testCommand: 'sh test/cart.test.sh' }, headers);
    expect((await put(auth)).statusCode).toBe(403);
    expect((await put(session)).statusCode).toBe(200);
  });

  it('refuses Start Fix with an API key: a PR needs a user', async () => {
    const res = await api('POST', `/clusters/${clusterId}/fix`, {});
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('sign in');
  });

  it('starts the fix, pushes a real commit and opens the PR as the user', async () => {
    const t0 = Date.now();
    const res = await api('POST', `/clusters/${clusterId}/fix`, {}, session);
    expect(res.statusCode).toBe(202);
    const job = res.json();
    jobId = job.id;
    expect(job.startedBy).toBe(userId);
    expect(job).toMatchObject({ status: 'pending', agent: 'command', runner: 'local', attempt: 1 });
    expect((await api('GET', `/clusters/${clusterId}`)).json().status).toBe('fixing');

    const done = await waitFor(async () => {
      const j = (await api('GET', `/fixes/${jobId}`)).json();
      return ['success', 'failed', 'cancelled'].includes(j.status) ? j : undefined;
    });
    const wall = Date.now() - t0;
    if (done.error)
      console.log(
        (await api('GET', `/jobs/${jobId}/logs`))
          .json()
          .lines.map((l: { line: string }) => l.line)
          .join('\n'),
      );
    expect(done.error).toBeNull();
    expect(done).toMatchObject({
      status: 'success',
      prNumber: 1,
      prUrl: `${gh.url}/acme/shop/pull/1`,
      prState: 'open',
      baseBranch: 'main',
      testResult: { command: 'sh test/cart.test.sh', exitCode: 0, passed: true },
    });
    expect(done.branch).toMatch(/^soulcaster\/checkout-crashes.*-[0-9a-f]{8}$/);
    expect((await api('GET', `/clusters/${clusterId}`)).json().status).toBe('pr_opened');

    // the commit is really in the bare repository, on the branch, authored by the user
    const sha = await gh.branchSha('acme/shop', done.branch);
    expect(sha).toBe(done.commitSha);
    expect(await gh.showFile('acme/shop', done.branch, 'src/checkout/cart.ts')).toContain(
      '(cart.coupon?.discount ?? 0)',
    );
    expect(await gh.showFile('acme/shop', 'main', 'src/checkout/cart.ts')).toContain('cart.coupon!.discount');
    // (the cluster's summary job may retitle it meanwhile, so only the subject's start is fixed)
    expect((await gh.git('acme/shop', ['log', '-1', '--format=%an <%ae>|%s', done.branch])).trim()).toMatch(
      /^The Octocat <583231\+octocat@users\.noreply\.github\.com>\|Fix: Checkout crashes/,
    );

    const pr = gh.pulls[0]!;
    expect(pr).toMatchObject({ head: done.branch, base: 'main', state: 'open' });
    expect(pr.body).toContain('## Summary');
    expect(pr.body).toContain('src/checkout/cart.ts');
    expect(pr.body).toContain(`Cluster in Soulcaster: http://127.0.0.1:3000/dashboard/clusters/${clusterId}`);
    expect(pr.body).toContain('## Reports (2)');
    expect(pr.body).toMatch(
      /## Checks\n- The agent's change is not empty[^\n]*\n- `sh test\/cart\.test\.sh` passed/,
    );

    // measured: Start Fix → PR, and what the runner adds around the agent
    const t = done.timings;
    expect(t.startToPrMs).toBeGreaterThan(0);
    expect(t.agentMs).toBeGreaterThanOrEqual(0);
    expect(t.runnerOverheadMs).toBe(t.scriptMs - t.agentMs);
    console.log(
      `[fix-e2e] Start Fix → PR ${t.startToPrMs} ms (wall ${wall} ms): queue ${t.queueMs}, clone ${t.cloneMs}, agent ${t.agentMs}, tests ${t.testMs}, push ${t.pushMs}, script ${t.scriptMs}, runner overhead ${t.runnerOverheadMs}, PR API ${t.prMs}`,
    );
  });

  it('stored every line with seq and time, without the token, and never gave it to the agent', async () => {
    const res = (await api('GET', `/fixes/${jobId}/logs`)).json();
    expect(res.status).toBe('success');
    const lines = res.lines as { seq: number; ts: string; stream: string; line: string }[];
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.every((l) => !Number.isNaN(Date.parse(l.ts)))).toBe(true);
    const text = lines.map((l) => l.line).join('\n');
    expect(text).toContain('▶ clone');
    expect(text).toContain('token=absent');
    expect(text).toContain('pull request opened');
    expect(text).not.toContain(TOKEN);
    const after = (await api('GET', `/fixes/${jobId}/logs?after=${lines.length - 2}`)).json();
    expect(after.lines.map((l: { seq: number }) => l.seq)).toEqual([lines.length - 1, lines.length]);
  });

  it('streams the logs and status as Server-Sent Events, resuming after Last-Event-ID', async () => {
    const all = await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/fixes/${jobId}/events`,
      headers: auth,
    });
    expect(all.headers['content-type']).toContain('text/event-stream');
    const events = all.body.split('\n\n').filter((e) => e.includes('event:'));
    const logs = events.filter((e) => e.includes('event: log'));
    expect(logs[0]).toMatch(/^id: 1\nevent: log\ndata: \{"seq":1,/);
    const status = events.find((e) => e.includes('event: status'))!;
    expect(JSON.parse(status.split('data: ')[1]!)).toMatchObject({ id: jobId, status: 'success' });
    const resumed = await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/fixes/${jobId}/events`,
      headers: { ...auth, 'last-event-id': String(logs.length - 1) },
    });
    const resumedLogs = resumed.body.split('\n\n').filter((e) => e.includes('event: log'));
    expect(resumedLogs).toHaveLength(1);
    expect(resumedLogs[0]).toMatch(new RegExp(`^id: ${logs.length}\\n`));
  });

  it('lists the job for the cluster', async () => {
    const list = (await api('GET', `/fixes?clusterId=${clusterId}`)).json();
    expect(list.items.map((j: { id: string }) => j.id)).toEqual([jobId]);
    expect((await api('GET', '/fixes?status=failed')).json().items).toEqual([]);
  });

  it('resolves the cluster when the PR is merged (polling) and reopens it on new matching feedback', async () => {
    gh.mergePull('acme/shop', 1);
    // the scheduled job, sent now instead of waiting for its cron minute
    await rt.services.queue.send('poll-pull-requests', {});
    await waitFor(async () =>
      (await api('GET', `/fixes/${jobId}`)).json().prState === 'merged' ? true : undefined,
    );
    expect(await pollPullRequests(rt.services.fixes)).toEqual({ checked: 0, changed: 0 }); // none open now
    expect((await api('GET', `/clusters/${clusterId}`)).json()).toMatchObject({
      status: 'resolved',
      reopenedCount: 0,
    });

    expect(
      (
        await ingest(
          "Checkout crashes again: TypeError reading 'discount' in applyCoupon",
          'at applyCoupon (src/checkout/cart.ts:5:10)',
        )
      ).statusCode,
    ).toBe(202);
    const reopened = await waitFor(async () => {
      const c = (await api('GET', `/clusters/${clusterId}`)).json();
      return c.itemCount === 3 ? c : undefined;
    });
    expect(reopened).toMatchObject({ status: 'new', reopenedCount: 1 });
  });
});
