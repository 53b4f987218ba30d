import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelFix } from '../../src/domain/fixes/cancel-fix.js';
import type { FixDeps } from '../../src/domain/fixes/fix-deps.js';
import { setFixSettings } from '../../src/domain/fixes/fix-settings.js';
import { finishFix } from '../../src/domain/fixes/finish-fix.js';
import { startFix } from '../../src/domain/fixes/start-fix.js';
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
import { alive, sleepFor } from '../helpers/processes.js';

/** Every step bounded and cancellable: orphaned processes, a GitHub that never answers, cancel anywhere. */
const TOKEN = 'ghp_bounds0123456789abcdefghijklmnopq';
let gh: FakeGithub;
let rt: TestRuntime;
let deps: FixDeps;
let projectId: string;
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
      GITHUB_REQUEST_TIMEOUT_SECONDS: '3',
    },
  });
  deps = rt.services.fixes;
  userId = (await createUser(rt, TOKEN)).id;
  projectId = (await createProject(rt.db.pool, { name: 'bounds', repo: 'acme/shop' })).id;
});
afterAll(async () => {
  await rt.close();
  await gh.close();
});

const agent = (script: string) => writeFile(agentFile, script);

let n = 0;
const newCluster = () => newPlannedCluster(rt, { projectId, userId, title: `Bounded coupon crash ${++n}` });

const settle = (fixId: string, ms = 60_000) => settleFix(rt, projectId, fixId, ms);

async function logOf(fixId: string): Promise<string> {
  const { rows } = await rt.db.pool.query<{ line: string }>(
    'select line from job_log_lines where agent_job_id = $1 order by seq',
    [fixId],
  );
  return rows.map((r) => r.line).join('\n');
}

async function until(check: () => Promise<boolean> | boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('bounded fix steps', () => {
  it('an agent leaving `setsid sleep 3600 &` on stdout does not keep the fix running; the orphan is killed', async () => {
    const clusterId = await newCluster();
    const orphan = sleepFor(3600);
    await agent(`setsid ${orphan} &\n${fixCouponCommand}`);
    const started = Date.now();
    const fix = await settle((await startFix(deps, { projectId, clusterId, userId })).id);
    expect(fix).toMatchObject({ status: 'success', prState: 'open' });
    expect(Date.now() - started).toBeLessThan(50_000); // far from the orphan's hour
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(orphan)).toBe(false);
  });

  it('at the time limit the fix fails within timeout + 30 s, even with an orphan holding the pipes', async () => {
    const clusterId = await newCluster();
    await setFixSettings(rt.db.pool, projectId, { timeoutSeconds: 5 });
    await agent('setsid sleep 3600 &\nsleep 600');
    const started = Date.now();
    const fix = await settle((await startFix(deps, { projectId, clusterId, userId })).id, 40_000);
    await setFixSettings(rt.db.pool, projectId, {});
    expect(fix).toMatchObject({ status: 'failed', error: 'time limit of 5s reached', branch: null });
    expect(Date.now() - started).toBeLessThan(35_000);
    const cluster = await rt.db.pool.query<{ status: string }>('select status from clusters where id = $1', [
      clusterId,
    ]);
    expect(cluster.rows[0]!.status).toBe('failed');
  });

  it('a GitHub API call that never answers fails as a timeout, not as a status GitHub never sent', async () => {
    const clusterId = await newCluster();
    await agent(fixCouponCommand);
    gh.hang('POST', /^\/repos\/acme\/shop\/pulls$/);
    try {
      const fix = await settle((await startFix(deps, { projectId, clusterId, userId })).id);
      expect(fix).toMatchObject({
        status: 'failed',
        error: 'GitHub did not answer POST /repos/acme/shop/pulls within 3s',
        prUrl: null,
      });
      expect(fix.error).not.toMatch(/500|Headers Timeout/);
    } finally {
      gh.unhang();
    }
  });
});

describe('cancel in every state, saying what it did', () => {
  it('pending: cancelled before it runs', async () => {
    const clusterId = await newCluster();
    const job = await startFix({ ...deps, enqueueRun: async () => null }, { projectId, clusterId, userId });
    const res = await cancelFix(deps, projectId, job.id);
    expect(res).toMatchObject({ status: 'cancelled', cancel: { action: 'cancelled-pending' } });
  });

  it('running, while a GitHub call hangs: stopped at once, not after the request timeout', async () => {
    const clusterId = await newCluster();
    await agent(fixCouponCommand);
    gh.hang('GET', /^\/repos\/acme\/shop$/);
    try {
      const before = gh.requests.length;
      const job = await startFix(deps, { projectId, clusterId, userId });
      await until(() =>
        gh.requests.slice(before).some((r) => r.method === 'GET' && r.url === '/repos/acme/shop'),
      );
      const started = Date.now();
      const res = await cancelFix(deps, projectId, job.id);
      expect(Date.now() - started).toBeLessThan(2500); // the request timeout is 3 s
      expect(res).toMatchObject({
        status: 'cancelled',
        error: 'cancelled by the user',
        cancel: { action: 'stopped' },
      });
      expect(res.cancel.message).toMatch(/^stopped the running fix in this process/);
    } finally {
      gh.unhang();
    }
  });

  it('running, in the agent: its process tree is killed', async () => {
    const clusterId = await newCluster();
    const sleeper = sleepFor(60);
    await agent(`echo "agent pid $$"; ${sleeper}; echo survived`);
    const job = await startFix(deps, { projectId, clusterId, userId });
    await until(async () => (await logOf(job.id)).includes('agent pid'));
    const res = await cancelFix(deps, projectId, job.id);
    expect(res).toMatchObject({ status: 'cancelled', cancel: { action: 'stopped' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(sleeper)).toBe(false);
  });

  it('running on a worker that does not answer: marked cancelled after the wait', async () => {
    const clusterId = await newCluster();
    const job = await startFix({ ...deps, enqueueRun: async () => null }, { projectId, clusterId, userId });
    // claimed by a worker that then hangs: running, heartbeat fresh, nobody here to abort
    await rt.db.pool.query(
      `update agent_jobs set status = 'running', started_at = now(), heartbeat_at = now() where id = $1`,
      [job.id],
    );
    const res = await cancelFix(deps, projectId, job.id, 500);
    expect(res).toMatchObject({ status: 'cancelled', cancel: { action: 'marked-cancelled' } });
    expect(res.error).toMatch(/the worker had not stopped within 1s/);
    const cluster = await rt.db.pool.query<{ status: string }>('select status from clusters where id = $1', [
      clusterId,
    ]);
    expect(cluster.rows[0]!.status).toBe('new');
  });

  it('a worker whose fix was ended elsewhere stops at its next heartbeat and kills the agent', async () => {
    const clusterId = await newCluster();
    const sleeper = sleepFor(60);
    await agent(`echo "agent pid $$"; ${sleeper}; echo survived`);
    const job = await startFix(deps, { projectId, clusterId, userId });
    await until(async () => (await logOf(job.id)).includes('agent pid'));
    // what another server's cancel does when this worker is slow to react
    await finishFix(deps, projectId, job.id, { status: 'cancelled', error: 'cancelled by the user' });
    await until(() => rt.services.runningFixes.size === 0, 10_000); // FIX_HEARTBEAT_SECONDS=1
    expect(alive(sleeper)).toBe(false);
    expect(await logOf(job.id)).not.toContain('survived');
  });

  it('over already: nothing to do, and the answer says so', async () => {
    const clusterId = await newCluster();
    await agent(fixCouponCommand);
    const fix = await settle((await startFix(deps, { projectId, clusterId, userId })).id);
    const res = await cancelFix(deps, projectId, fix.id);
    expect(res).toMatchObject({
      status: 'success',
      cancel: { action: 'none', message: 'the fix had already ended (success); nothing to cancel' },
    });
  });
});
