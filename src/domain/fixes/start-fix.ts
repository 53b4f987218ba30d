import type { AgentName, RunnerName } from '../../config/sections/fixes.js';
import { withTransaction } from '../../db/database.js';
import { assertFixBudget } from '../budgets/fix-budgets.js';
import { allowedFrom, moveCluster } from '../clustering/cluster-transitions.js';
import { findClusterBrief } from '../clustering/cluster-repository.js';
import { AppError, notFound } from '../errors.js';
import { findPlan } from '../plans/plan-repository.js';
import { getUserGithubToken } from '../users/get-user-github-token.js';
import { getFix, type Fix } from './fix.js';
import { requireRunnableAgent } from './agents/agent-readiness.js';
import type { FixDeps } from './fix-deps.js';
import { finishFix } from './finish-fix.js';
import { insertFix, setFixQueueJob } from './fix-repository.js';
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
  const plan = await findPlan(db, { projectId: input.projectId, clusterId: input.clusterId });

  const jobId = await withTransaction(db, async (tx) => {
    await assertFixBudget(tx, input.projectId, deps.clock.now());
    await moveCluster(tx, input.projectId, input.clusterId, 'fix-started');
    return insertFix(tx, {
      projectId: input.projectId,
      clusterId: input.clusterId,
      planId: plan?.id ?? null,
      startedBy: input.userId,
      runner: settings.runner,
      agent: settings.agent,
      agentModel: settings.model ?? null,
      repo: cluster.repo,
    });
  });
  // after commit: the queue shares the connection in embedded mode
  try {
    const queueId = await deps.enqueueRun(input.projectId, jobId);
    await setFixQueueJob(db, { projectId: input.projectId, fixId: jobId, queueJobId: queueId });
  } catch (err) {
    await finishFix(deps, input.projectId, jobId, {
      status: 'failed',
      error: `could not queue the job: ${String(err)}`,
    });
    throw err;
  }
  return getFix(db, input.projectId, jobId);
}
