import { z } from 'zod';
import { envInt, envString, envUrl } from '../parse-helpers.js';

const list = () =>
  envString().transform((v) =>
    v === undefined
      ? []
      : v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
  );

/**
 * Where fix jobs run besides the local machine. Nothing here is required at start: a runner that lacks
 * its settings fails with a clear error when a job asks for it (src/domain/fixes/runners/create-runner.ts).
 */
export const runnersSection = z
  .object({
    E2B_API_KEY: envString(),
    // e2b.app by default; the SDK derives api.<domain> and the sandbox hosts from it
    E2B_DOMAIN: envString(),
    E2B_API_URL: envUrl(),
    // envd (the sandbox's agent) at a fixed URL instead of <port>-<sandboxId>.<domain>: self-hosted/tests
    E2B_SANDBOX_URL: envUrl(),
    E2B_TEMPLATE: z.string().min(1).default('base'),
    // upper bound of one run in a sandbox (E2B caps sandbox lifetime: 1 h on Hobby, 24 h on Pro)
    E2B_TIMEOUT_MS: envInt(3_600_000, { min: 10_000, max: 86_400_000 }),
    AWS_REGION: envString(),
    AWS_ACCESS_KEY_ID: envString(),
    AWS_SECRET_ACCESS_KEY: envString(),
    AWS_SESSION_TOKEN: envString(),
    FARGATE_CLUSTER: envString(),
    FARGATE_TASK_DEFINITION: envString(),
    FARGATE_CONTAINER_NAME: envString(),
    FARGATE_SUBNETS: list(),
    FARGATE_SECURITY_GROUPS: list(),
    FARGATE_ASSIGN_PUBLIC_IP: z.enum(['ENABLED', 'DISABLED']).default('DISABLED'),
    FARGATE_LOG_GROUP: envString(),
    // the awslogs-stream-prefix of the task definition's log configuration
    FARGATE_LOG_STREAM_PREFIX: z.string().min(1).default('soulcaster'),
    FARGATE_POLL_INTERVAL_MS: envInt(3000, { min: 10, max: 60_000 }),
    // the server's URL as a Fargate task reaches it (tasks fetch their checkout there); PUBLIC_URL if unset
    FARGATE_WORKSPACE_URL: envUrl(),
    ECS_ENDPOINT: envUrl(),
    LOGS_ENDPOINT: envUrl(),
  })
  .superRefine((e, ctx) => {
    if ((e.AWS_ACCESS_KEY_ID === undefined) !== (e.AWS_SECRET_ACCESS_KEY === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [e.AWS_ACCESS_KEY_ID === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'],
        message: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together',
      });
    }
  })
  .transform((e) => ({
    e2b: {
      apiKey: e.E2B_API_KEY,
      domain: e.E2B_DOMAIN,
      apiUrl: e.E2B_API_URL,
      sandboxUrl: e.E2B_SANDBOX_URL,
      template: e.E2B_TEMPLATE,
      timeoutMs: e.E2B_TIMEOUT_MS,
    },
    fargate: {
      region: e.AWS_REGION,
      /** unset: the AWS SDK's default provider chain (task role, instance profile, SSO, ...) */
      credentials:
        e.AWS_ACCESS_KEY_ID !== undefined && e.AWS_SECRET_ACCESS_KEY !== undefined
          ? {
              accessKeyId: e.AWS_ACCESS_KEY_ID,
              secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
              sessionToken: e.AWS_SESSION_TOKEN,
            }
          : undefined,
      cluster: e.FARGATE_CLUSTER,
      taskDefinition: e.FARGATE_TASK_DEFINITION,
      containerName: e.FARGATE_CONTAINER_NAME,
      subnets: e.FARGATE_SUBNETS,
      securityGroups: e.FARGATE_SECURITY_GROUPS,
      assignPublicIp: e.FARGATE_ASSIGN_PUBLIC_IP,
      logGroup: e.FARGATE_LOG_GROUP,
      logStreamPrefix: e.FARGATE_LOG_STREAM_PREFIX,
      pollIntervalMs: e.FARGATE_POLL_INTERVAL_MS,
      workspaceUrl: e.FARGATE_WORKSPACE_URL,
      ecsEndpoint: e.ECS_ENDPOINT,
      logsEndpoint: e.LOGS_ENDPOINT,
    },
  }));

export type RunnersConfig = z.output<typeof runnersSection>;
export type E2bConfig = RunnersConfig['e2b'];
export type FargateConfig = RunnersConfig['fargate'];
