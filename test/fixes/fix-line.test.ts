import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveClusterStatus, type FixLineEntry } from '../../src/domain/fixes/derive-cluster-status.js';
import { getFix } from '../../src/domain/fixes/fix.js';
import type { FixDeps } from '../../src/domain/fixes/fix-deps.js';
import { recordPullRequestState } from '../../src/domain/fixes/record-pull-request-state.js';
import { retryFix } from '../../src/domain/fixes/retry-fix.js';
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

const TOKEN = 'ghp_fixline0123456789abcdefghijklmno';
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
    env: fixLoopEnv({ dataDir: dir, githubUrl: gh.url, agentFile }),
  });
  deps = rt.services.fixes;
  userId = (await createUser(rt, TOKEN)).id;
  projectId = (await createProject(rt.db.pool, { name: 'fix-line', repo: 'acme/shop' })).id;
});
afterAll(async () => {
  await rt.close();
  await gh.close();
});

const agent = (script: string) => writeFile(agentFile, script);

let n = 0;
const newCluster = () => newPlannedCluster(rt, { projectId, userId, title: `Coupon crash line ${++n}` });

const cluster = async (id: string) =>
  (
    await rt.db.pool.query<{ status: string; status_reason: string | null }>(
      'select status, status_reason from clusters where id = $1',
      [id],
    )
  ).rows[0]!;

const settle = (fixId: string) => settleFix(rt, projectId, fixId, 60_000);

const pr = (state: 'open' | 'closed' | 'merged', number: number) =>
  recordPullRequestState(rt.db.pool, { projectId, repo: 'acme/shop', number }, state);

describe('one fix line per cluster', () => {
  it('a second attempt closes the first PR as superseded, with a comment: one open PR at the end', async () => {
    await agent(fixCouponCommand);
    const clusterId = await newCluster();
    const first = await settle((await startFix(deps, { projectId, clusterId, userId })).id);
    expect(first).toMatchObject({ status: 'success', prState: 'open' });
    expect((await cluster(clusterId)).status).toBe('pr_opened');

    // Start Fix is allowed on a pr_opened cluster: a new attempt with a new branch and a new PR
    const second = await settle((await startFix(deps, { projectId, clusterId, userId })).id);
    expect(second).toMatchObject({ status: 'success', prState: 'open', attempt: 2 });
    const open = gh.pulls.filter(
      (p) => p.state === 'open' && (p.head === first.branch || p.head === second.branch),
    );
    expect(open.map((p) => p.number)).toEqual([second.prNumber]);
    expect(gh.pulls.find((p) => p.number === first.prNumber)).toMatchObject({
      state: 'closed',
      merged: false,
    });
    expect(gh.comments.find((c) => c.issue === first.prNumber)?.body).toMatch(
      new RegExp(`^Superseded by #${second.prNumber} .*attempt 2`),
    );
    expect(await getFix(rt.db.pool, projectId, first.id)).toMatchObject({
      prState: 'closed',
      supersededBy: second.id,
    });
    expect((await cluster(clusterId)).status).toBe('pr_opened');

    // the webhook's "closed" for the superseded PR changes nothing; merging the current one resolves
    await pr('closed', first.prNumber!);
    expect((await cluster(clusterId)).status).toBe('pr_opened');
    await pr('merged', second.prNumber!);
    expect(await cluster(clusterId)).toEqual({
      status: 'resolved',
      status_reason: `PR #${second.prNumber} merged`,
    });
    // a late event for the older PR cannot un-resolve it
    await pr('closed', first.prNumber!);
    await pr('open', first.prNumber!);
    expect((await cluster(clusterId)).status).toBe('resolved');
  });

  it('retry is offered only on the latest attempt', async () => {
    await agent('echo "changed nothing"');
    const clusterId = await newCluster();
    const one = await settle((await startFix(deps, { projectId, clusterId, userId })).id);
    const two = await settle((await retryFix(deps, projectId, one.id, userId)).id);
    expect([one.status, two.status]).toEqual(['failed', 'failed']);
    expect(one.branch).toBeNull();
    await expect(retryFix(deps, projectId, one.id, userId)).rejects.toMatchObject({
      code: 'invalid_state',
      message:
        'only the latest attempt of a cluster can be retried (this is attempt 1; the latest is attempt 2)',
    });
    await agent(fixCouponCommand);
    const three = await settle((await retryFix(deps, projectId, two.id, userId)).id);
    expect(three).toMatchObject({ status: 'success', attempt: 3 });
    expect(three.branch).not.toBeNull();
  });
});

describe('cluster status derived from the whole fix line', () => {
  const fix = (over: Partial<FixLineEntry>): FixLineEntry => ({
    status: 'success',
    prNumber: null,
    prState: null,
    error: null,
    ...over,
  });
  const a = fix({ prNumber: 1, prState: 'open' });
  const b = fix({ prNumber: 2, prState: 'open' });

  it('merged anywhere → resolved, in whatever order the events came', () => {
    const events: [FixLineEntry, FixLineEntry][] = [
      [
        { ...a, prState: 'closed' },
        { ...b, prState: 'merged' },
      ],
      [
        { ...a, prState: 'merged' },
        { ...b, prState: 'closed' },
      ],
      [
        { ...a, prState: 'merged' },
        { ...b, prState: 'open' },
      ],
    ];
    for (const line of events) expect(deriveClusterStatus(line)?.status).toBe('resolved');
  });

  it('an open PR → pr_opened, even after a later attempt failed; all closed unmerged → failed', () => {
    expect(deriveClusterStatus([{ ...a, prState: 'closed' }, b])?.status).toBe('pr_opened');
    expect(deriveClusterStatus([a, fix({ status: 'failed', error: 'tests failed (exit 1)' })])?.status).toBe(
      'pr_opened',
    );
    expect(
      deriveClusterStatus([
        { ...a, prState: 'closed' },
        { ...b, prState: 'closed' },
      ]),
    ).toEqual({
      status: 'failed',
      reason: 'PR closed without merge (#2)',
    });
  });

  it('a running attempt → fixing; the latest failure or cancel decides when no PR is open', () => {
    expect(deriveClusterStatus([a, fix({ status: 'running' })])?.status).toBe('fixing');
    expect(deriveClusterStatus([fix({ status: 'failed', error: 'boom' })])).toEqual({
      status: 'failed',
      reason: 'boom',
    });
    expect(deriveClusterStatus([fix({ status: 'cancelled' })])?.status).toBe('new');
    expect(deriveClusterStatus([{ ...a, prState: 'closed' }, fix({ status: 'cancelled' })])?.status).toBe(
      'failed',
    );
    expect(deriveClusterStatus([])).toBeUndefined();
  });
});
