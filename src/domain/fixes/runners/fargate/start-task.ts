import { randomUUID } from 'node:crypto';
import { RunTaskCommand, type ContainerOverride, type ECSClient } from '@aws-sdk/client-ecs';
import { AppError } from '../../../errors.js';
import type { FargateSettings } from './fargate-settings.js';

/**
 * RunTask for one job; returns the task ARN. Not abortable on purpose: a request cut short could start
 * a task whose ARN we never learn. The client token makes the SDK's own retries idempotent.
 */
export async function startTask(opts: {
  ecs: ECSClient;
  settings: FargateSettings;
  override: ContainerOverride;
  jobId: string;
}): Promise<string> {
  const { settings } = opts;
  const started = await opts.ecs.send(
    new RunTaskCommand({
      cluster: settings.cluster,
      taskDefinition: settings.taskDefinition,
      launchType: 'FARGATE',
      count: 1,
      startedBy: 'soulcaster',
      // unique per call (not a time): each RunTask is a new task; the SDK's retries of this one reuse it
      clientToken: `soulcaster-${opts.jobId}-${randomUUID()}`.slice(0, 64),
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: settings.subnets,
          securityGroups: settings.securityGroups,
          assignPublicIp: settings.assignPublicIp,
        },
      },
      overrides: { containerOverrides: [opts.override] },
    }),
  );
  const taskArn = started.tasks?.[0]?.taskArn;
  if (taskArn !== undefined) return taskArn;
  const reasons = (started.failures ?? []).map((f) => `${f.arn ?? ''} ${f.reason ?? ''}`.trim());
  throw new AppError(
    'upstream_failed',
    `ECS RunTask started no task: ${reasons.join('; ') || 'no reason given'}`,
  );
}
