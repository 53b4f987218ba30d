import type { Command } from 'commander';
import { createProject } from '../../domain/projects/create-project.js';
import { createRuntime } from '../../runtime.js';
import { cliContext, printJson } from '../context.js';

export function registerProject(program: Command): void {
  const project = program.command('project').description('manage projects');
  project
    .command('create')
    .description('create a project and print {"id","apiKey"} (the key is shown only once)')
    .requiredOption('--name <name>', 'project name')
    .option('--repo <owner/name>', 'default GitHub repository for fixes')
    .action(async (opts: { name: string; repo?: string }) => {
      const { config, logger } = cliContext();
      const runtime = await createRuntime({ config, logger, workers: false });
      try {
        const created = await createProject(runtime.services.db.pool, { name: opts.name, repo: opts.repo });
        printJson({ id: created.id, apiKey: created.apiKey });
      } finally {
        await runtime.close();
      }
    });
}
