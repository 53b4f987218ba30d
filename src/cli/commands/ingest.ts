import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { storeFeedbackItem } from '../../domain/feedback/store-feedback-item.js';
import { readImportFile } from '../../domain/ingestion/read-import-file.js';
import { getProject } from '../../domain/projects/get-project.js';
import { createRuntime } from '../../runtime.js';
import { cliContext, printJson } from '../context.js';
import { createProgress } from '../progress.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('bulk-import feedback from a JSONL or CSV file (title, body, url, author, external_id)')
    .requiredOption('--project <id>', 'project id')
    .argument('<file>', '.jsonl or .csv file')
    .action(async (file: string, opts: { project: string }) => {
      const { config, logger } = cliContext();
      if (!/^[0-9a-f-]{36}$/i.test(opts.project))
        throw new AppError('validation_failed', '--project must be a project id');
      // validate the whole file before opening the database: a bad file imports nothing
      const items = await readImportFile(file);
      const runtime = await createRuntime({ config, logger, workers: false });
      try {
        const s = runtime.services;
        await getProject(s.db.pool, opts.project);
        const progress = createProgress('importing', items.length);
        let stored = 0;
        let duplicates = 0;
        for (const item of items) {
          const r = await storeFeedbackItem(s.feedback, opts.project, item);
          if (r.duplicate) duplicates++;
          else stored++;
          progress.tick();
        }
        progress.done();
        printJson({ file, rows: items.length, stored, duplicates });
      } finally {
        await runtime.close();
      }
    });
}
