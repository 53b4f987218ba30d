import type { Config } from '../../../config/config.js';
import type { Logger } from '../../../lib/logger.js';
import { AppError } from '../../errors.js';
import type { Runner } from '../runner.js';
import type { RunnerExchange } from '../runner-exchange.js';
import { createE2bRunner } from './e2b/e2b-runner.js';
import { createFargateRunner } from './fargate/fargate-runner.js';
import { LocalRunner } from './local/local-runner.js';

export interface CreateRunnerOptions {
  name: string;
  config: Pick<Config, 'runners' | 'fixes' | 'server'>;
  logger: Logger;
  /** how Fargate tasks get their files from the server (E2B and local hand them over directly) */
  exchange?: RunnerExchange | undefined;
}

/**
 * The runner a job asked for. A runner that lacks its settings throws a clear AppError here, before any
 * request leaves the process.
 */
export function createRunner(opts: CreateRunnerOptions): Runner {
  switch (opts.name) {
    case 'local':
      return new LocalRunner(opts.config.fixes.local);
    case 'e2b':
      return createE2bRunner({ config: opts.config.runners.e2b, logger: opts.logger });
    case 'fargate': {
      const workspaceUrl = opts.config.runners.fargate.workspaceUrl ?? opts.config.server.publicUrl;
      const runner = createFargateRunner({
        config: { ...opts.config.runners.fargate, workspaceUrl },
        logger: opts.logger,
        exchange: opts.exchange,
      });
      // every fix ships its checkout to the task through this server
      if (workspaceUrl === undefined)
        throw new AppError(
          'unavailable',
          'The Fargate runner needs FARGATE_WORKSPACE_URL (or PUBLIC_URL): where tasks reach this server for their checkout.',
          { missing: ['FARGATE_WORKSPACE_URL'] },
        );
      return runner;
    }
    default:
      throw new AppError('bad_request', `Unknown runner '${opts.name}' (expected local, e2b or fargate).`, {
        runner: opts.name,
      });
  }
}
