import type { AgentName, RunnerName } from '../../config/sections/fixes.js';
import { withTransaction } from '../../db/database.js';
import { allowedFrom, moveCluster } from '../clustering/cluster-transitions.js';
import { findClusterBrief } from '../clustering/cluster-repository.js';
import { AppError, notFound } from '../errors.js';
import { findPlan } from '../plans/plan.js';
import { getUserGithubToken } from '../users/get-user-github-token.js';
import { getFix, type Fix } from './fix.js';
import { requireRunnableAgent } from './agents/agent-readiness.js';
import type { FixDeps } from './fix-deps.js';
import { finishFix } from './finish-fix.js';
import { checkFixPolicy } from './fix-policy.js';
import { getFixSettings, resolveFixSettings } from './fix-settings.js';

export interface StartFixInput {
  projectId: string;
  clusterId: string;
  /** the signed-in user the PR is opened as */
  userId: string;
  agent?: AgentName | undefined;
  runner?: RunnerName | undefined;
}

/**
 * "Start Fix": checks everything that can be checked up front (repository, the user's token, the agent's
 * command and credentials, the runner), then creates the job (pending) and moves the cluster to `fixing`
 * in one transaction, and queues the durable run. A cluster with a fix in progress is refused (409).
 */
export async function startFix(deps: FixDeps, input: StartFixInput): Promise<Fix> {
  const { db } = deps;
  const cluster = await findClusterBrief(db, input);
  if (cluster === undefined) throw notFound('cluster');
  if (!allowedFrom('fix-started').includes(cluster.status))
    throw new AppError('invalid_state', 'a fix is already running for this cluster');
  if (!cluster.repo)
    throw new AppError(
      'bad_request',
      'this cluster has no repository: set one on the cluster or the project',
    );
  await getUserGithubToken({ db, secrets: deps.secrets, userId: input.userId });
  const settings = resolveFixSettings(deps.fixes, await getFixSettings(db, input.projectId), input);
  checkFixPolicy(deps.fixes.policy, settings);
  deps.getRunner(settings.runner); // a runner without its settings is refused now, not after a clone
  requireRunnableAgent(deps, settings.agent, settings.runner);
  const plan = await findPlan(db, input.projectId, input.clusterId);

  const jobId = await withTransaction(db, async (tx) => {
    await moveCluster(tx, input.projectId, input.clusterId, 'fix-started');
    const { rows: created } = await tx.query<{ id: string }>(
      `insert into agent_jobs (project_id, cluster_id, plan_id, started_by, status, runner, agent, agent_model, repo, attempt)
       values ($1, $2, $3, $4, 'pending', $5, $6, $7, $8,
               1 + (select count(*) from agent_jobs where project_id = $1 and cluster_id = $2))
       returning id`,
      [
        input.projectId,
        input.clusterId,
        plan?.id ?? null,
        input.userId,
        settings.runner,
        settings.agent,
        settings.model ?? null,
        cluster.repo,
      ],
    );
    return created[0]!.id;
  });
  // after commit: the queue shares the connection in embedded mode
  try {
    const queueId = await deps.enqueueRun(input.projectId, jobId);
    await db.query('update agent_jobs set queue_job_id = $3 where project_id = $1 and id = $2', [
      input.projectId,
      jobId,
      queueId,
    ]);
  } catch (err) {
    await finishFix(deps, input.projectId, jobId, {
      status: 'failed',
      error: `could not queue the job: ${String(err)}`,
    });
    throw err;
  }
  return getFix(db, input.projectId, jobId);
}
