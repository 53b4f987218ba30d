import { setTimeout as sleep } from 'node:timers/promises';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTasksCommand, ECSClient, StopTaskCommand, type Task } from '@aws-sdk/client-ecs';
import type { FargateConfig } from '../../../../config/sections/runners.js';
import type { Logger } from '../../../../lib/logger.js';
import { AppError } from '../../../errors.js';
import type { RunOutcome, RunRequest, Runner } from '../../runner.js';
import { createRedactor } from '../../../../lib/redact.js';
import { createLineSink } from '../line-sink.js';
import { startRunDeadline, type StopReason } from '../run-deadline.js';
import { buildContainerOverride } from './container-override.js';
import { followLogStream, type LogFollower } from './log-follower.js';
import { startTask } from './start-task.js';
import { watchTask } from './watch-task.js';
import { requireFargateSettings } from './fargate-settings.js';
import type { RunnerExchange } from '../../runner-exchange.js';

/** Extra log polls after STOPPED: CloudWatch Logs is eventually consistent, the last lines may lag. */
const DRAIN_POLLS = 3;
/** How long a job's exchange URL outlives its time limit: provisioning before, the upload after. */
const EXCHANGE_MARGIN_MS = 10 * 60_000;

export interface FargateRunnerOptions {
  config: FargateConfig;
  logger: Logger;
  /** serves the job's files to the task and takes its result back (needs config.workspaceUrl) */
  exchange?: RunnerExchange | undefined;
}

/**
 * Runs the job script as a one-off Fargate task: RunTask with the script and environment as container
 * overrides, DescribeTasks until STOPPED, the container's awslogs stream followed with GetLogEvents,
 * and StopTask when the job is cancelled or runs out of time. The job's files and its result travel
 * through a one-time capability URL on this server (runner-exchange.ts), never with a GitHub credential.
 */
export function createFargateRunner(opts: FargateRunnerOptions): Runner {
  const settings = requireFargateSettings(opts.config);
  const { logger } = opts;
  const clientConfig = (endpoint: string | undefined) => ({
    region: settings.region,
    ...(endpoint !== undefined && { endpoint }),
    ...(settings.credentials !== undefined && { credentials: settings.credentials }),
  });
  const ecs = new ECSClient(clientConfig(settings.ecsEndpoint));
  const logs = new CloudWatchLogsClient(clientConfig(settings.logsEndpoint));

  const describe = async (taskArn: string): Promise<Task | undefined> => {
    const out = await ecs.send(new DescribeTasksCommand({ cluster: settings.cluster, tasks: [taskArn] }));
    return out.tasks?.[0];
  };

  const stop = async (taskArn: string, reason: string) => {
    await ecs
      .send(
        new StopTaskCommand({ cluster: settings.cluster, task: taskArn, reason: `Soulcaster: ${reason}` }),
      )
      .catch((err: unknown) => logger.warn({ taskArn, err: String(err) }, 'fargate StopTask failed'));
  };

  return {
    name: 'fargate',
    async run(req: RunRequest): Promise<RunOutcome> {
      const sink = createLineSink(req.secretEnv, req.onLine);
      const redact = createRedactor(Object.values(req.secretEnv));
      const files = req.files ?? {};
      const needsExchange = Object.keys(files).length > 0 || req.collect !== undefined;
      if (needsExchange && (opts.exchange === undefined || opts.config.workspaceUrl === undefined))
        throw new AppError(
          'unavailable',
          'The Fargate runner needs FARGATE_WORKSPACE_URL (or PUBLIC_URL): the URL at which tasks reach this server for their checkout.',
          { missing: ['FARGATE_WORKSPACE_URL'] },
        );
      const session = needsExchange
        ? await opts.exchange!.open({
            baseUrl: opts.config.workspaceUrl!,
            files,
            // the task may start late and upload after the limit's last poll
            ttlMs: req.timeoutMs + EXCHANGE_MARGIN_MS,
          })
        : undefined;
      const override = buildContainerOverride({
        containerName: settings.containerName,
        script: req.script,
        env: req.env,
        secretEnv: req.secretEnv,
        ...(session && {
          exchange: { url: session.url, files: Object.keys(files), collect: req.collect },
        }),
      });
      const deadline = startRunDeadline({ signal: req.signal, timeoutMs: req.timeoutMs });
      let taskArn: string | undefined;
      let stopped = false;
      try {
        if (deadline.reason !== undefined) return outcome(null, deadline.reason);
        const arn = await startTask({ ecs, settings, override, jobId: req.jobId });
        taskArn = arn;
        const taskId = arn.split('/').pop() ?? arn;
        logger.info({ jobId: req.jobId, taskArn: arn }, 'fargate task started');
        sink.system(`fargate task ${taskId} (cluster ${settings.cluster})`);
        const follower = followLogStream({
          logs,
          logGroupName: settings.logGroup,
          logStreamName: `${settings.logStreamPrefix}/${settings.containerName}/${taskId}`,
          sink,
        });

        const watched = await watchTask({
          describe: () => describe(arn),
          follower,
          deadline,
          pollIntervalMs: settings.pollIntervalMs,
          logger,
        });
        if (watched.kind === 'deadline') {
          await stop(arn, deadline.reason === 'timeout' ? 'job timed out' : 'job cancelled');
          stopped = true;
          await follower.poll().catch(() => 0);
          return outcome(null, deadline.reason);
        }
        stopped = true;
        await drainLogs(follower);
        const { task } = watched;
        const exitCode = task.containers?.find((c) => c.name === settings.containerName)?.exitCode ?? null;
        if (exitCode === null)
          sink.system(
            `fargate task stopped without an exit code: ${task.stoppedReason ?? task.stopCode ?? 'unknown'}`,
          );
        const done = outcome(exitCode, undefined);
        if (exitCode === 0 && session) {
          const collected = await session.result();
          if (collected !== undefined) done.collected = collected;
        }
        return done;
      } catch (err) {
        // a task we can no longer watch must not keep running (and billing) on its own
        if (taskArn !== undefined && !stopped) await stop(taskArn, 'runner lost track of the task');
        if (err instanceof AppError) throw err;
        const message = redact(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
        sink.system(`fargate runner failed: ${message}`);
        throw new AppError('upstream_failed', `Fargate runner failed: ${message}`);
      } finally {
        deadline.dispose();
        await session
          ?.close()
          .catch((err: unknown) => logger.warn({ err: String(err) }, 'exchange cleanup failed'));
      }

      /** CloudWatch Logs is eventually consistent: the last lines may appear after STOPPED */
      async function drainLogs(follower: LogFollower): Promise<void> {
        try {
          for (let i = 0; i < DRAIN_POLLS; i++) {
            if ((await follower.poll()) === 0 && i > 0) return;
            await sleep(settings.pollIntervalMs);
          }
        } catch (err) {
          logger.warn({ err: String(err) }, 'fargate log drain failed');
          sink.system('could not read the last log lines; the job output may be incomplete');
        }
      }

      function outcome(exitCode: number | null, reason: StopReason | undefined): RunOutcome {
        sink.flush();
        return { exitCode, timedOut: reason === 'timeout', cancelled: reason === 'cancel' };
      }
    },
  };
}
