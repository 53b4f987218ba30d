import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  moveCluster,
  moveClusterIfAllowed,
  settleFromFixLine,
} from '../../src/domain/clustering/cluster-transitions.js';
import { AppError } from '../../src/domain/errors.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let projectId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  projectId = (await createProject(rt.db.pool, { name: 'transitions' })).id;
});
afterAll(() => rt.close());

const newCluster = async () =>
  (
    await rt.db.pool.query<{ id: string }>(
      `insert into clusters (project_id, title) values ($1, 'a cluster') returning id`,
      [projectId],
    )
  ).rows[0]!.id;
const row = async (id: string) =>
  (
    await rt.db.pool.query<{ status: string; reopened_count: number; resolved_at: Date | null }>(
      'select status, reopened_count, resolved_at from clusters where id = $1',
      [id],
    )
  ).rows[0]!;

describe('cluster transitions', () => {
  it('walks the fix path: new → fixing → pr_opened → resolved → new on a regression', async () => {
    const id = await newCluster();
    await moveCluster(rt.db.pool, projectId, id, 'fix-started');
    expect((await row(id)).status).toBe('fixing');
    // a fix that opened a PR, which GitHub then merged: the status follows from the fix line
    await rt.db.pool.query(
      `insert into agent_jobs (project_id, cluster_id, status, runner, agent, attempt, pr_number, pr_state)
       values ($1, $2, 'success', 'local', 'command', 1, 7, 'open')`,
      [projectId, id],
    );
    expect(await settleFromFixLine(rt.db.pool, projectId, id)).toBe('pr_opened');
    await rt.db.pool.query(`update agent_jobs set pr_state = 'merged' where cluster_id = $1`, [id]);
    expect(await settleFromFixLine(rt.db.pool, projectId, id)).toBe('resolved');
    expect(await row(id)).toMatchObject({ status: 'resolved', reopened_count: 0 });
    expect((await row(id)).resolved_at).toBeInstanceOf(Date);
    expect(await moveClusterIfAllowed(rt.db.pool, projectId, id, 'regressed')).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'new', reopened_count: 1, resolved_at: null });
    // the merged PR belongs to the fix line before the regression: it no longer resolves the cluster
    expect(await settleFromFixLine(rt.db.pool, projectId, id)).toBe('new');
  });

  it('refuses illegal moves with invalid_state and leaves the status alone', async () => {
    const id = await newCluster();
    await moveCluster(rt.db.pool, projectId, id, 'fix-started');
    const again = await moveCluster(rt.db.pool, projectId, id, 'fix-started').catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).code).toBe('invalid_state');
    const ignore = await moveCluster(rt.db.pool, projectId, id, 'ignored-by-user').catch((e: unknown) => e);
    expect((ignore as AppError).code).toBe('invalid_state');
    const reset = await moveCluster(rt.db.pool, projectId, id, 'reset-by-user').catch((e: unknown) => e);
    expect((reset as AppError).message).toContain('a fix is running');
    expect((await row(id)).status).toBe('fixing');
    // an outcome that no longer applies is skipped, not an error
    expect(await moveClusterIfAllowed(rt.db.pool, projectId, id, 'regressed')).toBe(false);
    expect((await row(id)).status).toBe('fixing');
  });

  it('answers 404 for a cluster of another project', async () => {
    const other = (await createProject(rt.db.pool, { name: 'other' })).id;
    const id = await newCluster();
    const err = await moveCluster(rt.db.pool, other, id, 'ignored-by-user').catch((e: unknown) => e);
    expect((err as AppError).code).toBe('not_found');
    expect((await row(id)).status).toBe('new');
  });

  it('follows a cluster’s GitHub issue: closed → resolved, reopened → new; other moves refused', async () => {
    const id = await newCluster();
    // reopening an issue of a cluster that is not resolved is not a move of the lifecycle
    const early = await moveCluster(rt.db.pool, projectId, id, 'issue-reopened').catch((e: unknown) => e);
    expect(early).toBeInstanceOf(AppError);
    expect((early as AppError).code).toBe('invalid_state');
    expect(await moveClusterIfAllowed(rt.db.pool, projectId, id, 'issue-closed')).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'resolved', reopened_count: 0 });
    expect(await moveClusterIfAllowed(rt.db.pool, projectId, id, 'issue-closed')).toBe(false);
    expect(await moveClusterIfAllowed(rt.db.pool, projectId, id, 'issue-reopened')).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'new', reopened_count: 1, resolved_at: null });
    // a running fix is not overtaken by the issue
    await moveCluster(rt.db.pool, projectId, id, 'fix-started');
    expect(await moveClusterIfAllowed(rt.db.pool, projectId, id, 'issue-closed')).toBe(false);
    expect((await row(id)).status).toBe('fixing');
  });
});
