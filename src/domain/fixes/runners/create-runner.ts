import type { Config } from '../../../config/config.js';
import type { Logger } from '../../../lib/logger.js';
import { AppError } from '../../errors.js';
import type { Runner } from '../runner.js';
import type { RunnerExchange } from '../runner-exchange.js';
import { requireE2bApiKey } from './e2b/e2b-settings.js';
import { requireFargateSettings } from './fargate/fargate-settings.js';
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
    case 'e2b': {
      const config = opts.config.runners.e2b;
      requireE2bApiKey(config);
      return loadedOnFirstRun('e2b', async () =>
        (await import('./e2b/e2b-runner.js')).createE2bRunner({ config, logger: opts.logger }),
      );
    }
    case 'fargate': {
      const workspaceUrl = opts.config.runners.fargate.workspaceUrl ?? opts.config.server.publicUrl;
      const config = { ...opts.config.runners.fargate, workspaceUrl };
      requireFargateSettings(config);
      // every fix ships its checkout to the task through this server
      if (workspaceUrl === undefined)
        throw new AppError(
          'unavailable',
          'The Fargate runner needs FARGATE_WORKSPACE_URL (or PUBLIC_URL): where tasks reach this server for their checkout.',
          { missing: ['FARGATE_WORKSPACE_URL'] },
        );
      return loadedOnFirstRun('fargate', async () =>
        (await import('./fargate/fargate-runner.js')).createFargateRunner({
          config,
          logger: opts.logger,
          exchange: opts.exchange,
        }),
      );
    }
    default:
      throw new AppError('bad_request', `Unknown runner '${opts.name}' (expected local, e2b or fargate).`, {
        runner: opts.name,
      });
  }
}

/**
 * The E2B and AWS SDKs are about 30 MB of a server's memory, paid at start by every install though most
 * never use them: their runners are loaded when a fix first runs on them. Settings are checked before,
 * when the runner is chosen.
 */
function loadedOnFirstRun(name: 'e2b' | 'fargate', load: () => Promise<Runner>): Runner {
  let loaded: Promise<Runner> | undefined;
  return {
    name,
    run: async (req) => {
      loaded ??= load();
      return (await loaded).run(req);
    },
  };
}
