import type { Command } from 'commander';
import { createProject } from '../../domain/projects/create-project.js';
import { createRuntime } from '../../runtime.js';
import { cliContext, printJson } from '../context.js';
import { routeDataCommand } from '../data-access.js';

export function registerProject(program: Command): void {
  const project = program.command('project').description('manage projects');
  project
    .command('create')
    .description('create a project and print {"id","apiKey"} (the key is shown only once)')
    .requiredOption('--name <name>', 'project name')
    .option('--repo <owner/name>', 'default GitHub repository for fixes')
    .action(async (opts: { name: string; repo?: string }) => {
      const ctx = cliContext();
      const input = { name: opts.name, ...(opts.repo !== undefined ? { repo: opts.repo } : {}) };
      const created = await routeDataCommand(ctx, 'project create', {
        server: (call) => call<{ id: string; apiKey: string }>('project-create', input),
        direct: async () => {
          const runtime = await createRuntime({ ...ctx, workers: false, command: 'project create' });
          try {
            return await createProject(runtime.services.db.pool, input);
          } finally {
            await runtime.close();
          }
        },
      });
      printJson({ id: created.id, apiKey: created.apiKey });
    });
}
