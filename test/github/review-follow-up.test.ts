import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollPullRequests } from '../../src/domain/fixes/poll-pull-requests.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { setCookie } from '../auth/sign-in.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { githubDelivery, webhookRepository } from '../fakes/github-webhooks.js';
import { fixCouponCommand, fixLoopEnv, shopFiles, tempDataDir } from '../fixes/fix-fixtures.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

/**
 * Follow-up on a fix's pull request: reviews and failing checks arrive (signed webhooks, or the poll),
 * "Address review" / "Fix failing checks" run the agent again on the same branch with them in its task,
 * and the server pushes to the same PR. With `commentOnIssues`, the GitHub issues the reports came from
 * hear "A fix is proposed in #n" and "Fixed by #n".
 */
const TOKEN = 'ghp_review0123456789abcdefghijklmnopq';
const SECRET = 'whsec-review-follow';
let gh: FakeGithub;
let rt: TestRuntime;
let projectId: string;
let session: Record<string, string>;

beforeAll(async () => {
  gh = await startFakeGithub({ token: TOKEN });
  await gh.createRepo('acme/shop', shopFiles);
  const dir = await tempDataDir();
  const agent = path.join(dir, 'agent.sh');
  // a follow-up keeps its task in the tree, so the test can read what the agent was asked
  await writeFile(
    agent,
    [
      'set -e',
      'echo "token=${SOULCASTER_GITHUB_TOKEN:-absent}"',
      'if grep -q "Review to address" "$SOULCASTER_TASK_FILE"; then cp "$SOULCASTER_TASK_FILE" review-task.md',
      'elif grep -q "Failing checks to fix" "$SOULCASTER_TASK_FILE"; then cp "$SOULCASTER_TASK_FILE" checks-task.md',
      `else ${fixCouponCommand}; fi`,
    ].join('\n'),
  );
  rt = await createTestRuntime({
    workers: true,
    env: {
      ...fixLoopEnv({ dataDir: dir, githubUrl: gh.url, agentFile: agent }),
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
  projectId = (await createProject(rt.db.pool, { name: 'review', repo: 'acme/shop' })).id;
  await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, {
    kind: 'github',
    name: 'shop',
    config: { repositories: ['acme/shop'] },
    secrets: { token: TOKEN, webhookSecret: SECRET },
  });
});
afterAll(async () => {
  await rt?.close();
  await gh?.close();
});

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  rt.app.inject({
    method,
    url: `/api/projects/${projectId}${url}`,
    headers: session,
    ...(payload ? { payload } : {}),
  });
const deliver = (event: string, payload: Record<string, unknown>) => {
  const d = githubDelivery(SECRET, event, { ...payload, ...webhookRepository('acme/shop') });
  return rt.app.inject({
    method: 'POST',
    url: `/ingest/github/webhook?project_id=${projectId}`,
    headers: d.headers,
    payload: d.body,
  });
};
async function finished(fixId: string) {
  const until = Date.now() + 60_000;
  for (;;) {
    const j = (await api('GET', `/fixes/${fixId}`)).json();
    if (['success', 'failed', 'cancelled'].includes(j.status)) {
      if (j.status !== 'success')
        console.log(
          (await api('GET', `/fixes/${fixId}/logs`))
            .json()
            .lines.map((l: { line: string }) => l.line)
            .join('\n'),
        );
      return j;
    }
    if (Date.now() > until) throw new Error('the fix did not finish');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('following up on a fix pull request', () => {
  let clusterId: string;
  let fixId: string;
  let branch: string;
  let issueNumber: number;

  it('opens the fix PR and says so on the source GitHub issue', async () => {
    expect(
      (await api('PUT', '/settings/fix', { testCommand: 'sh test/cart.test.sh', commentOnIssues: true }))
        .statusCode,
    ).toBe(200);
    const issue = gh.openIssue(
      'acme/shop',
      "Checkout crashes: TypeError reading 'discount' in applyCoupon",
      'at applyCoupon (src/checkout/cart.ts:5:10)',
    );
    issueNumber = issue.number as number;
    expect((await deliver('issues', { action: 'opened', issue })).statusCode).toBe(202);
    const { rows } = await rt.db.pool.query<{ id: string }>(
      `select id from feedback_items where source = 'github'`,
    );
    clusterId = (await rt.services.clustering.clusterItem(projectId, rows[0]!.id))!.clusterId;

    const started = await api('POST', `/clusters/${clusterId}/fix`, {});
    expect(started.statusCode).toBe(202);
    fixId = started.json().id;
    const done = await finished(fixId);
    expect(done).toMatchObject({ status: 'success', prState: 'open', followUpOf: null, followUp: null });
    branch = done.branch;
    const prNumber = done.prNumber as number;
    expect(prNumber).toBe(issueNumber + 1);
    expect(gh.comments).toContainEqual(
      expect.objectContaining({
        repo: 'acme/shop',
        issue: issueNumber,
        body: `A fix is proposed in #${prNumber}`,
      }),
    );
  });

  it('keeps the review that arrives by signed webhooks and shows it on the fix', async () => {
    const { review, comments } = await gh.addReview('acme/shop', 1 + issueNumber, {
      state: 'CHANGES_REQUESTED',
      body: 'Close, but a missing coupon should be logged.',
      comments: [{ path: 'src/checkout/cart.ts', line: 5, body: 'Log the unknown couponCode here.' }],
    });
    const pr = { number: issueNumber + 1 };
    const r1 = await deliver('pull_request_review', { action: 'submitted', review, pull_request: pr });
    expect(r1.json()).toMatchObject({ status: 'accepted' });
    await deliver('pull_request_review_comment', {
      action: 'created',
      comment: comments[0],
      pull_request: pr,
    });
    // a PR Soulcaster did not open is acknowledged and ignored
    const other = await deliver('pull_request_review', {
      action: 'submitted',
      review,
      pull_request: { number: 99 },
    });
    expect(other.json()).toMatchObject({ status: 'ignored' });

    const view = (await api('GET', `/fixes/${fixId}/review`)).json();
    expect(view).toMatchObject({
      prNumber: issueNumber + 1,
      prState: 'open',
      toAddress: 2,
      failingChecks: 0,
    });
    expect(view.comments.map((c: { kind: string; body: string }) => [c.kind, c.body])).toEqual([
      ['review', 'Close, but a missing coupon should be logged.'],
      ['review_comment', 'Log the unknown couponCode here.'],
    ]);
    expect(view.comments[0].state).toBe('changes_requested');
    expect(view.comments[1]).toMatchObject({ path: 'src/checkout/cart.ts', line: 5, author: 'a-reviewer' });
  });

  it('"Address review" runs the agent on the same branch with the comments, and pushes to the same PR', async () => {
    const before = (await gh.branchSha('acme/shop', branch))!;
    const res = await api('POST', `/fixes/${fixId}/follow-up`, { kind: 'review' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ followUpOf: fixId, branch, followUp: { kind: 'review' } });
    expect((await api('GET', `/clusters/${clusterId}`)).json().status).toBe('fixing');
    const done = await finished(res.json().id);
    expect(done).toMatchObject({ status: 'success', prNumber: issueNumber + 1, prState: 'open', branch });
    expect(gh.pulls).toHaveLength(1);
    // one new commit on top of the branch, holding the agent's answer to the review
    const after = (await gh.branchSha('acme/shop', branch))!;
    expect(after).toBe(done.commitSha);
    expect((await gh.git('acme/shop', ['rev-parse', `${after}^`])).trim()).toBe(before);
    const task = await gh.showFile('acme/shop', branch, 'review-task.md');
    expect(task).toContain('> Close, but a missing coupon should be logged.');
    expect(task).toContain('on `src/checkout/cart.ts` line 5');
    expect(task).toContain('> Log the unknown couponCode here.');
    // the sandbox never saw the token: the agent printed what it had
    const logs = (await api('GET', `/fixes/${done.id}/logs`))
      .json()
      .lines.map((l: { line: string }) => l.line);
    expect(logs).toContain('token=absent');
    expect(logs.join('\n')).not.toContain(TOKEN);
    expect(gh.comments.at(-1)?.body).toMatch(/^Pushed [0-9a-f]{12} addressing the review comments/);
    expect((await api('GET', `/clusters/${clusterId}`)).json().status).toBe('pr_opened');
    // addressed: nothing new to send until a reviewer says more
    expect((await api('GET', `/fixes/${fixId}/review`)).json().toAddress).toBe(0);
    expect((await api('POST', `/fixes/${fixId}/follow-up`, { kind: 'review' })).statusCode).toBe(409);
  });

  it('"Fix failing checks" sends the failing checks of the newest commit (found by polling)', async () => {
    const head = (await gh.branchSha('acme/shop', branch))!;
    gh.addCheckRun('acme/shop', head, {
      name: 'unit tests',
      conclusion: 'failure',
      title: '1 test failed',
      summary: 'cart.test.ts: expected 90, got NaN',
    });
    gh.addCheckRun('acme/shop', head, { name: 'lint', conclusion: 'success' });
    gh.addStatus('acme/shop', head, { context: 'ci/legacy', state: 'error', description: 'build errored' });
    expect((await api('GET', `/fixes/${fixId}/review`)).json().failingChecks).toBe(0);
    const view = (await api('POST', `/fixes/${fixId}/review/refresh`)).json();
    expect(view.failingChecks).toBe(2);
    expect(view.checks.map((c: { state: string }) => c.state).sort()).toEqual([
      'error',
      'failure',
      'success',
    ]);

    const res = await api('POST', `/fixes/${fixId}/follow-up`, { kind: 'checks' });
    expect(res.statusCode).toBe(202);
    const done = await finished(res.json().id);
    expect(done.status).toBe('success');
    expect(gh.pulls).toHaveLength(1);
    const task = await gh.showFile('acme/shop', branch, 'checks-task.md');
    expect(task).toContain('cart.test.ts: expected 90, got NaN');
    expect(task).toContain('build errored');
    expect(task).not.toContain('### Check 3');
  });

  it('says "Fixed by #n" on the source issue when the PR merges', async () => {
    gh.mergePull('acme/shop', issueNumber + 1);
    await pollPullRequests(rt.services.fixes);
    expect((await api('GET', `/clusters/${clusterId}`)).json().status).toBe('resolved');
    const onIssue = gh.comments.filter((c) => c.issue === issueNumber).map((c) => c.body);
    expect(onIssue).toEqual([`A fix is proposed in #${issueNumber + 1}`, `Fixed by #${issueNumber + 1}`]);
    // a second poll or a webhook for the same merge says nothing twice
    await pollPullRequests(rt.services.fixes);
    expect(gh.comments.filter((c) => c.issue === issueNumber)).toHaveLength(2);
  });
});
