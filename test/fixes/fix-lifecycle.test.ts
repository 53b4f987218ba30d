import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { getFix } from '../../src/domain/fixes/fix.js';
import { cancelFix } from '../../src/domain/fixes/cancel-fix.js';
import type { FixDeps } from '../../src/domain/fixes/fix-deps.js';
import { setFixSettings } from '../../src/domain/fixes/fix-settings.js';
import { retryFix } from '../../src/domain/fixes/retry-fix.js';
import { runFix, SHUTDOWN_REASON } from '../../src/domain/fixes/run-fix.js';
import { startFix } from '../../src/domain/fixes/start-fix.js';
import { sweepLostFixes } from '../../src/domain/fixes/sweep-lost-fixes.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import {
  createUser,
  fixCouponCommand,
  fixLoopEnv,
  newPlannedCluster,
  settleFix,
  shopFiles,
  tempDataDir,
} from './fix-fixtures.js';

const TOKEN = 'ghp_lifecycle0123456789abcdefghijklm';
let gh: FakeGithub;
let rt: TestRuntime;
let deps: FixDeps;
let projectId: string;
let apiKey: string;
let userId: string;
let agentFile: string;

beforeAll(async () => {
  gh = await startFakeGithub({ token: TOKEN });
  await gh.createRepo('acme/shop', shopFiles);
  const dir = await tempDataDir();
  agentFile = path.join(dir, 'agent.sh');
  rt = await createTestRuntime({
    workers: true,
    env: {
      ...fixLoopEnv({ dataDir: dir, githubUrl: gh.url, agentFile }),
    },
  });
  deps = rt.services.fixes;
  userId = (await createUser(rt, TOKEN)).id;
  const p = await createProject(rt.db.pool, { name: 'lifecycle', repo: 'acme/shop' });
  projectId = p.id;
  apiKey = p.apiKey;
});
afterAll(async () => {
  await rt.close();
  await gh.close();
});

const agent = (script: string) => writeFile(agentFile, script);

let n = 0;
const newCluster = () => newPlannedCluster(rt, { projectId, userId, title: `Coupon crash case ${++n}` });

const clusterStatus = async (id: string) =>
  (await rt.db.pool.query<{ status: string }>('select status from clusters where id = $1', [id])).rows[0]!
    .status;

const settle = (fixId: string, ms = 30_000) => settleFix(rt, projectId, fixId, ms);

async function waitRunning(jobId: string, marker: string) {
  const until = Date.now() + 20_000;
  for (;;) {
    const { rows } = await rt.db.pool.query(
      'select 1 from job_log_lines where agent_job_id = $1 and line like $2',
      [jobId, `%${marker}%`],
    );
    if (rows.length > 0) return;
    if (Date.now() > until) throw new Error('agent never started');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('fix lifecycle', () => {
  it('new → fixing → failed when the agent changes nothing; retry is a new attempt → pr_opened', async () => {
    const clusterId = await newCluster();
    await agent('echo "looked around, changed nothing"');
    const first = await startFix(deps, { projectId, clusterId, userId });
    expect(await clusterStatus(clusterId)).toBe('fixing');
    const failed = await settle(first.id);
    expect(failed).toMatchObject({
      status: 'failed',
      error: 'the agent made no changes (empty diff)',
      prUrl: null,
    });
    expect(await clusterStatus(clusterId)).toBe('failed');
    expect(failed.branch).toBeNull(); // nothing was pushed, so no branch is shown

    await agent(fixCouponCommand);
    const retry = await retryFix(deps, projectId, first.id, userId);
    expect(retry).toMatchObject({ status: 'pending', attempt: 2 });
    expect(retry.id).not.toBe(first.id);
    expect(await clusterStatus(clusterId)).toBe('fixing');
    const ok = await settle(retry.id);
    expect(ok).toMatchObject({ status: 'success', prState: 'open' });
    expect(ok.branch).toMatch(/^soulcaster\//);
    expect(await gh.branchSha('acme/shop', ok.branch!)).toBe(ok.commitSha);
    expect(await clusterStatus(clusterId)).toBe('pr_opened');
    await expect(retryFix(deps, projectId, ok.id, userId)).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('says so when the agent CLI is not installed where the job runs', async () => {
    const clusterId = await newCluster();
    await agent('kilo-that-is-not-installed run --auto "$(cat "$SOULCASTER_TASK_FILE")"');
    const job = await settle((await startFix(deps, { projectId, clusterId, userId })).id);
    expect(job).toMatchObject({
      status: 'failed',
      error: 'agent failed: command not found (exit 127); is the CLI installed in the sandbox?',
    });
  });

  it('fixing → failed when the tests fail, with the test result kept', async () => {
    const clusterId = await newCluster();
    await setFixSettings(rt.db.pool, projectId, { testCommand: 'echo "1 test failed"; exit 1' });
    await agent(fixCouponCommand);
    const job = await settle((await startFix(deps, { projectId, clusterId, userId })).id);
    await setFixSettings(rt.db.pool, projectId, {});
    expect(job).toMatchObject({
      status: 'failed',
      error: 'tests failed (exit 1)',
      testResult: { exitCode: 1, passed: false, output: '1 test failed' },
    });
    expect(await clusterStatus(clusterId)).toBe('failed');
  });

  it('fixing → failed when GitHub refuses the token, and the token never reaches the logs', async () => {
    const clusterId = await newCluster();
    const revoked = 'ghp_revoked0123456789abcdefghijklmnop';
    const other = await createUser(rt, revoked, 'revoked-user', 999);
    await agent(fixCouponCommand);
    const job = await settle((await startFix(deps, { projectId, clusterId, userId: other.id })).id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^GitHub answered 401: Bad credentials|clone failed \(exit 128\)$/);
    expect(await clusterStatus(clusterId)).toBe('failed');
    const { rows } = await rt.db.pool.query<{ line: string }>(
      'select line from job_log_lines where agent_job_id = $1',
      [job.id],
    );
    expect(rows.map((r) => r.line).join('\n')).not.toContain(revoked);
  });

  it('refuses a runner the server has no settings for', async () => {
    const clusterId = await newCluster();
    const err = await startFix(deps, { projectId, clusterId, userId, runner: 'fargate' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/FARGATE|AWS_REGION/);
    expect(await clusterStatus(clusterId)).toBe('new');
  });

  it('refuses a second fix while one runs (409), and a user without a GitHub token', async () => {
    const clusterId = await newCluster();
    await agent('sleep 30');
    const job = await startFix(deps, { projectId, clusterId, userId });
    await expect(startFix(deps, { projectId, clusterId, userId })).rejects.toMatchObject({
      code: 'invalid_state',
    });
    await cancelFix(deps, projectId, job.id);
    const { rows } = await rt.db.pool.query<{ id: string }>(
      `insert into users (login) values ('tokenless') returning id`,
    );
    const err = await startFix(deps, { projectId, clusterId, userId: rows[0]!.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
  });

  it('fixing → cancelled (cluster back to new) and the agent process is killed', async () => {
    const clusterId = await newCluster();
    await agent('echo "agent pid $$"; sleep 60; echo survived');
    const job = await startFix(deps, { projectId, clusterId, userId });
    await waitRunning(job.id, 'agent pid');
    const started = Date.now();
    const res = await rt.app.inject({
      method: 'POST',
      // through the `jobs` alias the API was first published under
      url: `/api/projects/${projectId}/jobs/${job.id}/cancel`,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'cancelled',
      error: 'cancelled by the user',
      cancel: { action: 'stopped' },
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await clusterStatus(clusterId)).toBe('new');
    const logs = (
      await rt.db.pool.query<{ line: string }>('select line from job_log_lines where agent_job_id = $1', [
        job.id,
      ])
    ).rows;
    expect(logs.map((l) => l.line)).not.toContain('survived');
    const again = await cancelFix(deps, projectId, job.id);
    expect(again.cancel).toMatchObject({ action: 'none' });
  });

  it('a cancel recorded by another process reaches the worker through its heartbeat', async () => {
    const clusterId = await newCluster();
    await agent('echo "agent pid $$"; sleep 60');
    const job = await startFix(deps, { projectId, clusterId, userId });
    await waitRunning(job.id, 'agent pid');
    // what cancelFix does on a server that is not running the job: only the flag, no in-process abort
    await rt.db.pool.query('update agent_jobs set cancel_requested = true where id = $1', [job.id]);
    const started = Date.now();
    expect(await settle(job.id)).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(Date.now() - started).toBeLessThan(4000); // FIX_HEARTBEAT_SECONDS=1
  });

  it('streams a running job live over SSE until it ends', async () => {
    const clusterId = await newCluster();
    await agent(`for i in 1 2 3; do echo "step $i"; sleep 0.3; done; ${fixCouponCommand}`);
    const job = await startFix(deps, { projectId, clusterId, userId });
    await waitRunning(job.id, 'running command');
    // over a real socket, as a browser's EventSource reads it (through the `jobs` alias)
    const base = await rt.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${base}/api/projects/${projectId}/jobs/${job.id}/events`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = (await res.text()).split('\n\n');
    const logs = events
      .filter((e) => e.includes('event: log'))
      .map((e) => JSON.parse(e.split('data: ')[1]!).line);
    expect(logs).toEqual(expect.arrayContaining(['step 1', 'step 2', 'step 3']));
    const statuses = events
      .filter((e) => e.includes('event: status'))
      .map((e) => JSON.parse(e.split('data: ')[1]!).status);
    expect(statuses[0]).toBe('running');
    expect(statuses.at(-1)).toBe('success');
  });

  it('pending → cancelled without ever running', async () => {
    const clusterId = await newCluster();
    const quiet = { ...deps, enqueueRun: async () => null };
    const job = await startFix(quiet, { projectId, clusterId, userId });
    expect((await cancelFix(deps, projectId, job.id)).status).toBe('cancelled');
    expect(await clusterStatus(clusterId)).toBe('new');
    await runFix(deps, projectId, job.id); // a late delivery of the queued run claims nothing
    expect((await getFix(rt.db.pool, projectId, job.id)).startedAt).toBeNull();
  });

  it('fixing → failed at the per-job time limit', async () => {
    const clusterId = await newCluster();
    await setFixSettings(rt.db.pool, projectId, { timeoutSeconds: 5 });
    await agent('sleep 60');
    const job = await settle((await startFix(deps, { projectId, clusterId, userId })).id);
    await setFixSettings(rt.db.pool, projectId, {});
    expect(job).toMatchObject({ status: 'failed', error: 'time limit of 5s reached' });
    expect(await clusterStatus(clusterId)).toBe('failed');
  });

  it('running → failed "worker lost" when the heartbeat stops; live jobs are left alone', async () => {
    const lost = await newCluster();
    const live = await newCluster();
    const quiet = { ...deps, enqueueRun: async () => null };
    const dead = await startFix(quiet, { projectId, clusterId: lost, userId });
    const alive = await startFix(quiet, { projectId, clusterId: live, userId });
    await rt.db.pool.query(
      `update agent_jobs set status = 'running', started_at = now(), heartbeat_at = now() - interval '10 minutes' where id = $1`,
      [dead.id],
    );
    await rt.db.pool.query(
      `update agent_jobs set status = 'running', started_at = now(), heartbeat_at = now() where id = $1`,
      [alive.id],
    );
    expect(await sweepLostFixes(rt.db.pool, 120)).toEqual([dead.id]);
    expect(await getFix(rt.db.pool, projectId, dead.id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('worker lost'),
    });
    expect(await clusterStatus(lost)).toBe('failed');
    expect((await getFix(rt.db.pool, projectId, alive.id)).status).toBe('running');
    expect(await clusterStatus(live)).toBe('fixing');
    // and the scheduled job does the same through the queue
    const lost2 = await newCluster();
    const dead2 = await startFix(quiet, { projectId, clusterId: lost2, userId });
    await rt.db.pool.query(
      `update agent_jobs set status = 'running', started_at = now(), heartbeat_at = now() - interval '10 minutes' where id = $1`,
      [dead2.id],
    );
    await rt.services.queue.send('sweep-lost-fix-jobs', {});
    expect((await settle(dead2.id)).error).toContain('worker lost');
    expect((await getFix(rt.db.pool, projectId, alive.id)).status).toBe('running');
    await rt.db.pool.query(`update agent_jobs set status = 'pending' where id = $1`, [alive.id]);
    await cancelFix(deps, projectId, alive.id);
  });

  it('a worker shutting down fails its running job with the reason instead of leaving it running', async () => {
    const clusterId = await newCluster();
    await agent('echo "agent pid $$"; sleep 60');
    const job = await startFix(deps, { projectId, clusterId, userId });
    await waitRunning(job.id, 'agent pid');
    rt.services.runningFixes.abortAll(SHUTDOWN_REASON);
    expect(await settle(job.id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('shutting down'),
    });
    expect(await clusterStatus(clusterId)).toBe('failed');
  });

  it('pr_opened → resolved by the pull_request webhook (merged), and → failed when closed unmerged', async () => {
    await agent(fixCouponCommand);
    const merged = await newCluster();
    const closed = await newCluster();
    const a = await settle((await startFix(deps, { projectId, clusterId: merged, userId })).id);
    const b = await settle((await startFix(deps, { projectId, clusterId: closed, userId })).id);
    const hook = (number: number, isMerged: boolean, action = 'closed') =>
      rt.app.inject({
        method: 'POST',
        url: `/ingest/github/webhook?project_id=${projectId}`,
        headers: {
          authorization: `Bearer ${apiKey}`,
          'x-github-event': 'pull_request',
          'content-type': 'application/json',
        },
        payload: {
          action,
          number,
          pull_request: {
            number,
            state: 'closed',
            merged: isMerged,
            html_url: `${gh.url}/acme/shop/pull/${number}`,
          },
          repository: { full_name: 'acme/shop' },
        },
      });
    const r1 = await hook(a.prNumber!, true);
    expect(r1.statusCode).toBe(200);
    expect(r1.json().status).toBe('accepted');
    expect(await clusterStatus(merged)).toBe('resolved');
    expect((await getFix(rt.db.pool, projectId, a.id)).prState).toBe('merged');
    await hook(b.prNumber!, false);
    expect(await clusterStatus(closed)).toBe('failed');
    const reason = await rt.db.pool.query<{ status_reason: string }>(
      'select status_reason from clusters where id = $1',
      [closed],
    );
    expect(reason.rows[0]!.status_reason).toBe(`PR closed without merge (#${b.prNumber})`);
    expect((await getFix(rt.db.pool, projectId, b.id)).prState).toBe('closed');
    expect((await hook(999, true)).json()).toMatchObject({ status: 'ignored' });
    expect((await hook(a.prNumber!, true, 'edited')).json()).toMatchObject({ status: 'ignored' });
  });
});
