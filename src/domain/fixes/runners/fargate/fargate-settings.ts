import type { FargateConfig } from '../../../../config/sections/runners.js';
import { AppError } from '../../../errors.js';

export type FargateSettings = FargateConfig & {
  region: string;
  cluster: string;
  taskDefinition: string;
  containerName: string;
  logGroup: string;
};

/** Every setting a RunTask needs, checked before any request so a half-configured runner fails clearly. */
export function requireFargateSettings(config: FargateConfig): FargateSettings {
  const missing = [
    config.region === undefined && 'AWS_REGION',
    config.cluster === undefined && 'FARGATE_CLUSTER',
    config.taskDefinition === undefined && 'FARGATE_TASK_DEFINITION',
    config.containerName === undefined && 'FARGATE_CONTAINER_NAME',
    config.subnets.length === 0 && 'FARGATE_SUBNETS',
    config.logGroup === undefined && 'FARGATE_LOG_GROUP',
  ].filter((v): v is string => v !== false);
  if (missing.length > 0)
    throw new AppError(
      'unavailable',
      `The Fargate runner needs ${missing.join(', ')} (see .env.example and docs/RUNNERS.md).`,
      { missing },
    );
  return config as FargateSettings;
}
