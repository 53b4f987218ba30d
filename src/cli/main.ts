import { Command, CommanderError } from 'commander';
import { AppError } from '../domain/errors.js';
import { soulcasterVersion } from '../lib/version.js';
import { registerBench } from './commands/bench.js';
import { registerEval } from './commands/eval.js';
import { registerIngest } from './commands/ingest.js';
import { registerMigrate } from './commands/migrate.js';
import { registerProject } from './commands/project.js';
import { registerServe } from './commands/serve.js';
import { registerWorker } from './commands/worker.js';

export function buildProgram(): Command {
  const program = new Command('soulcaster')
    .description('Soulcaster: from user feedback to a pull request')
    .version(soulcasterVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerWorker(program);
  registerMigrate(program);
  registerProject(program);
  registerIngest(program);
  registerBench(program);
  registerEval(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    if (err instanceof AppError) {
      console.error(`error: ${err.message}`);
      process.exit(2);
    }
    console.error(err instanceof Error ? `error: ${err.message}` : err);
    process.exit(1);
  }
}
