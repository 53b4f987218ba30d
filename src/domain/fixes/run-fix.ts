import type { AgentName } from '../../config/sections/fixes.js';
import { createRedactor, type Redactor } from '../../lib/redact.js';
import { AppError } from '../errors.js';
import { gitAuthHeader, cloneUrl } from '../repos/git-auth.js';
import { generatePlan } from '../plans/generate-plan.js';
import { findPlan } from '../plans/plan-repository.js';
import { recentClusterItems } from '../feedback/feedback-repository.js';
import { getUserGithubToken } from '../users/get-user-github-token.js';
import type { FixTimings, TestResult } from './fix.js';
import { resolveAgent } from './agents/resolve-agent.js';
import { branchName } from './branch-name.js';
import { buildTask, type TaskFeedback } from './build-task.js';
import type { FixDeps } from './fix-deps.js';
import { checkFixPolicy } from './fix-policy.js';
import { getFixSettings, resolveFixSettings } from './fix-settings.js';
import { FixLog } from './fix-log.js';
import { describeGithubError, githubClient, type GithubClientOptions } from './github-client.js';
import { getDefaultBranch, openPullRequest } from './open-pull-request.js';
import { prepareFixCheckout, publishFixResult } from './fix-checkout.js';
import { renderFixScript, RESULT_FILE, WORKSPACE_FILE } from './render-fix-script.js';
import { ScriptEvents } from './script-events.js';
import { supersedeOlderPulls } from './supersede-older-pulls.js';
import { finishFix } from './finish-fix.js';
import {
  beatFixHeartbeat,
  claimFix,
  recordFixPullRequest,
  saveFixTimings,
  setFixBranch,
  setFixPlan,
  type ClaimedFix,
} from './fix-repository.js';

export const SHUTDOWN_REASON = 'the worker is shutting down';
const TASK_FEEDBACK_ITEMS = 50;
const TIME_LIMIT_REASON = 'time limit';
/** after the time limit, how long the steps get to stop before the fix is failed regardless */
const STOP_GRACE_MS = 25_000;

type Outcome = { status: 'success'; prUrl: string } | { status: 'failed' | 'cancelled'; error: string };

/** What a stopped fix becomes, by why it was stopped. */
function stopOutcome(signal: AbortSignal, timeoutSeconds: number): Outcome | undefined {
  if (!signal.aborted) return undefined;
  if (signal.reason === SHUTDOWN_REASON)
    return { status: 'failed', error: `${SHUTDOWN_REASON}; retry the fix` };
  if (signal.reason === TIME_LIMIT_REASON)
    return { status: 'failed', error: `time limit of ${timeoutSeconds}s reached` };
  return { status: 'cancelled', error: 'cancelled by the user' };
}

/**
 * The durable `run-agent-job` handler: claims the pending job, then plan → script → runner → pull
 * request, storing every output line. Every way it can end is written to the job (success with the PR,
 * failed with the reason, cancelled) and to the cluster; it never throws back into the queue, which does
 * not retry (a retry is a new attempt the user asks for). A heartbeat proves the worker alive (the
 * lost-worker sweep fails jobs whose heartbeat stops) and carries cancel requests from other processes.
 */
export async function runFix(deps: FixDeps, projectId: string, jobId: string): Promise<void> {
  const { db } = deps;
  const job = await claimFix(db, { projectId, fixId: jobId });
  if (job === undefined) return; // cancelled before it started, or already handled

  const controller = new AbortController();
  deps.running.add(jobId, controller);
  let redact: Redactor = createRedactor([]);
  const log = new FixLog(deps, projectId, jobId, (l) => redact(l));
  const heartbeat = setInterval(() => {
    beatFixHeartbeat(db, { projectId, fixId: jobId })
      .then((beat) => {
        // no row: someone else ended the fix (cancel that could not wait for this worker, the sweep)
        if ((beat === undefined || beat.cancelRequested) && !controller.signal.aborted)
          controller.abort('cancelled');
      })
      .catch((err: unknown) => deps.logger.warn({ err, jobId }, 'heartbeat failed'));
  }, deps.fixes.heartbeatSeconds * 1000);

  // One signal for every step (plan fetch, GitHub calls, the runner, clone, agent, tests, push): cancel,
  // shutdown and the job's time limit all abort it. The watchdog ends the fix STOP_GRACE_MS after the time
  // limit even if a step ignored the signal, so a fix always ends within timeout + 30 s.
  const timeoutSeconds = await fixTimeoutSeconds(deps, projectId);
  const deadline = performance.now() + timeoutSeconds * 1000;
  const timeLimit = setTimeout(() => controller.abort(TIME_LIMIT_REASON), timeoutSeconds * 1000);
  let watchdogTimer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<Outcome>((resolve) => {
    watchdogTimer = setTimeout(
      () =>
        resolve({
          status: 'failed',
          error: `time limit of ${timeoutSeconds}s reached, and the fix did not stop within ${STOP_GRACE_MS / 1000}s after it`,
        }),
      timeoutSeconds * 1000 + STOP_GRACE_MS,
    );
  });
  try {
    await log.init();
    if (job.cancel_requested) controller.abort('cancelled');
    const run = execute(
      deps,
      projectId,
      jobId,
      job,
      log,
      controller.signal,
      deadline,
      (r) => (redact = r),
    ).catch((err: unknown) => {
      // a step that failed because the fix was stopped reports the stop, not its own symptom
      const halted = stopOutcome(controller.signal, timeoutSeconds);
      if (halted) return halted;
      throw err;
    });
    const outcome = await Promise.race([run, watchdog]);
    if (!controller.signal.aborted && outcome.status !== 'success') controller.abort('finished');
    if (outcome.status === 'success') log.system(`pull request opened: ${outcome.prUrl}`);
    else log.system(`${outcome.status}: ${outcome.error}`);
    await log.flush();
    await finishFix(deps, projectId, jobId, outcome);
  } catch (err) {
    const reason = redact(err instanceof AppError ? err.message : `internal error: ${String(err)}`);
    if (!(err instanceof AppError)) deps.logger.error({ err, jobId }, 'fix job crashed');
    log.system(`failed: ${reason}`);
    await log.flush();
    await finishFix(deps, projectId, jobId, { status: 'failed', error: reason });
  } finally {
    clearTimeout(timeLimit);
    clearTimeout(watchdogTimer);
    clearInterval(heartbeat);
    deps.running.delete(jobId);
  }
}

/** The fix's time limit in seconds (the project's, capped by the server's); the server's when unreadable. */
async function fixTimeoutSeconds(deps: FixDeps, projectId: string): Promise<number> {
  const project = await getFixSettings(deps.db, projectId).catch(() => ({}));
  return resolveFixSettings(deps.fixes, project, {}).timeoutSeconds;
}

async function execute(
  deps: FixDeps,
  projectId: string,
  jobId: string,
  job: ClaimedFix,
  log: FixLog,
  signal: AbortSignal,
  deadline: number,
  setRedactor: (r: Redactor) => void,
): Promise<Outcome> {
  const { db } = deps;
  if (job.started_by === null)
    return { status: 'failed', error: 'the user who started this fix no longer exists' };
  if (!job.repo) return { status: 'failed', error: 'the cluster has no repository' };
  const token = await getUserGithubToken({ db, secrets: deps.secrets, userId: job.started_by });
  const authHeader = gitAuthHeader(token);
  const settings = resolveFixSettings(deps.fixes, await getFixSettings(db, projectId), {});
  const stopped = () => stopOutcome(signal, settings.timeoutSeconds);
  // the policy may have narrowed since Start Fix checked it
  checkFixPolicy(deps.fixes.policy, { agent: job.agent as AgentName, testCommand: settings.testCommand });
  const agent = resolveAgent(job.agent as Parameters<typeof resolveAgent>[0], {
    command: deps.fixes.agentCommand,
    secrets: deps.fixes.agentSecrets,
    kiloConfig: deps.fixes.kiloConfig,
  });
  const agentSecrets = { ...deps.fixes.agentSecrets, ...agent.env };
  setRedactor(createRedactor([token, authHeader, ...Object.values(agentSecrets)]));
  const gh = {
    apiUrl: deps.github.apiUrl,
    token,
    fetch: deps.fetch,
    signal,
    timeoutMs: deps.github.requestTimeoutMs,
  };

  const runner = deps.getRunner(job.runner as Parameters<FixDeps['getRunner']>[0]);

  let plan = await findPlan(db, { projectId, clusterId: job.cluster_id });
  if (!plan) {
    log.system('no plan yet: generating one from the repository');
    plan = await generatePlan(deps.plans, projectId, job.cluster_id, {
      token,
      tokenSource: 'the GitHub token of the user who started the fix',
      signal,
    });
  }
  // the task and the PR body quote the newest reports, at most TASK_FEEDBACK_ITEMS of them
  const feedback: TaskFeedback[] = (await recentClusterItems(db, { projectId, clusterId: job.cluster_id }))
    .slice(0, TASK_FEEDBACK_ITEMS)
    .map(({ source, title, body, url, externalId }) => ({ source, title, body, url, externalId }));
  const baseBranch = settings.baseBranch ?? (await getDefaultBranch(gh, job.repo));
  const branch = branchName(job.cluster_title, jobId);
  await setFixPlan(db, { projectId, fixId: jobId, planId: plan.id, baseBranch });
  const author = await commitAuthor(deps, gh, job.started_by);
  const repoUrl = cloneUrl(deps.github.gitUrl, job.repo);
  const early = stopped();
  if (early) return early;

  // the token is used here, by the server, and never goes into the sandbox
  log.system('▶ clone');
  const cloneStart = performance.now();
  const checkout = await prepareFixCheckout({
    parentDir: deps.fixes.local.dir,
    cloneUrl: repoUrl,
    baseBranch,
    branch,
    token,
    path: deps.fixes.local.path,
  });
  try {
    const cloneMs = elapsedMs(cloneStart);
    log.system(`base commit ${checkout.baseSha}`);
    const script = renderFixScript({
      baseSha: checkout.baseSha,
      agent,
      model: job.agent_model ?? undefined,
      task: buildTask({ clusterTitle: job.cluster_title, plan, feedback, testCommand: settings.testCommand }),
      testCommand: settings.testCommand,
    });
    const afterClone = stopped();
    if (afterClone) return afterClone;

    log.system(`running ${agent.name} on the ${runner.name} runner: ${job.repo}@${baseBranch} → ${branch}`);
    const events = new ScriptEvents();
    const scriptStart = performance.now();
    const outcome = await runner.run({
      jobId,
      script,
      env: { SOULCASTER_JOB_ID: jobId },
      // only what the agent needs: its model keys, never a GitHub credential
      secretEnv: agentSecrets,
      files: { [WORKSPACE_FILE]: checkout.workspace },
      collect: RESULT_FILE,
      // the fix's time limit covers every step, so the sandbox gets what is left of it
      timeoutMs: Math.max(1000, deadline - performance.now()),
      signal,
      onLine: (stream, line) => {
        const marker = events.read(line);
        if (marker !== undefined) log.system(marker);
        else log.add(stream, line);
      },
    });
    const scriptMs = elapsedMs(scriptStart);
    const agentMs = events.between('agent', 'agent-done');
    const timings: FixTimings = {
      queueMs: job.started_at.getTime() - job.created_at.getTime(),
      scriptMs,
      cloneMs,
      ...opt('agentMs', agentMs),
      ...opt('testMs', events.between('test', 'test-done')),
      ...opt('runnerOverheadMs', agentMs !== undefined ? scriptMs - agentMs : undefined),
    };
    const testResult: TestResult | null =
      settings.testCommand && events.testExit !== undefined
        ? {
            command: settings.testCommand,
            exitCode: events.testExit,
            passed: events.testExit === 0,
            durationMs: timings.testMs ?? 0,
            output: events.testOutput,
          }
        : null;
    const saveTimings = (commitSha: string | null) =>
      saveFixTimings(db, { projectId, fixId: jobId, timings, testResult, commitSha });
    await saveTimings(null);
    const halted = stopped();
    if (outcome.cancelled && halted) return halted;
    if (outcome.timedOut)
      return { status: 'failed', error: `time limit of ${settings.timeoutSeconds}s reached` };
    if (outcome.exitCode !== 0) return { status: 'failed', error: events.failureReason() };
    if (outcome.collected === undefined)
      return { status: 'failed', error: 'the sandbox returned no result (result.bundle missing)' };

    // the sandbox and everything it started have ended: now the server commits and pushes
    log.system('▶ push');
    const pushStart = performance.now();
    const published = await publishFixResult({
      checkout,
      bundle: outcome.collected,
      branch,
      cloneUrl: repoUrl,
      token,
      path: deps.fixes.local.path,
      author,
      signal,
      message: `Fix: ${job.cluster_title}\n\n${plan.summary.split('\n\n')[0] ?? ''}\n\nSoulcaster job ${jobId}`,
    });
    timings.pushMs = elapsedMs(pushStart);
    for (const line of published.stat.split('\n').filter((l) => l.trim() !== '')) log.add('stdout', line);
    log.system(`committed ${published.commitSha}`);
    await saveTimings(published.commitSha);
    // the branch exists on GitHub only now that the push finished
    await setFixBranch(db, { projectId, fixId: jobId, branch });
    const beforePr = stopped();
    if (beforePr) return beforePr;

    const prStart = performance.now();
    const pr = await openPullRequest(gh, {
      repo: job.repo,
      clusterUrl: `${deps.publicUrl.replace(/\/+$/, '')}/dashboard/clusters/${job.cluster_id}`,
      head: branch,
      base: baseBranch,
      title: `Fix: ${job.cluster_title}`.slice(0, 250),
      plan,
      feedback,
      testResult,
      jobId,
      agent: agent.name,
    });
    const done = {
      ...timings,
      prMs: elapsedMs(prStart),
      startToPrMs: deps.clock.now().getTime() - job.created_at.getTime(),
    };
    await recordFixPullRequest(db, {
      projectId,
      fixId: jobId,
      url: pr.url,
      number: pr.number,
      timings: done,
    });
    for (const line of await supersedeOlderPulls(db, gh, {
      projectId,
      clusterId: job.cluster_id,
      fixId: jobId,
      prNumber: pr.number,
      prUrl: pr.url,
      attempt: job.attempt,
    }))
      log.system(line);
    return { status: 'success', prUrl: pr.url };
  } finally {
    await checkout.dispose();
  }
}

/**
 * Commits are authored as the GitHub account behind the token (GET /user), with GitHub's noreply address
 * when the e-mail is private, so the commit links to the user on GitHub; the stored profile is the
 * fallback when that call fails.
 */
async function commitAuthor(deps: FixDeps, gh: GithubClientOptions, userId: string) {
  try {
    const { data } = await githubClient(gh).rest.users.getAuthenticated();
    return {
      name: data.name ?? data.login,
      email: data.email ?? `${data.id}+${data.login}@users.noreply.github.com`,
    };
  } catch (err) {
    deps.logger.warn(
      { err: describeGithubError(err).message },
      'GET /user failed; committing with the stored profile',
    );
  }
  const { rows } = await deps.db.query<{
    login: string;
    name: string | null;
    email: string | null;
    github_id: string | null;
  }>('select login, name, email, github_id from users where id = $1', [userId]);
  const u = rows[0]!;
  return {
    name: u.name ?? u.login,
    email: u.email ?? `${u.github_id ? `${u.github_id}+` : ''}${u.login}@users.noreply.github.com`,
  };
}

/** Durations come from the monotonic timer: a wall-clock step cannot make them negative. */
const elapsedMs = (start: number) => Math.round(performance.now() - start);

const opt = <K extends string>(k: K, v: number | undefined) => (v === undefined ? {} : { [k]: v });
