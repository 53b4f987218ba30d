import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import type { NewFeedbackItem } from '../../domain/feedback/feedback-item.js';
import { countUnclustered, importFeedbackChunk } from '../../domain/feedback/import-feedback.js';
import { readImportFile } from '../../domain/ingestion/read-import-file.js';
import { createRuntime } from '../../runtime.js';
import { cliContext, printJson } from '../context.js';
import { routeDataCommand } from '../data-access.js';
import { createProgress } from '../progress.js';

/** items per transaction (and per admin request): big enough to amortize, small enough to stay responsive */
const CHUNK = 500;
/** give up waiting for clustering when the backlog has not shrunk for this long (the jobs stay queued) */
const STALL_MS = 120_000;

interface Totals {
  stored: number;
  duplicates: number;
}

async function importAll(
  items: NewFeedbackItem[],
  storeChunk: (chunk: NewFeedbackItem[]) => Promise<Totals>,
): Promise<Totals> {
  const progress = createProgress('importing', items.length);
  const totals = { stored: 0, duplicates: 0 };
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    const r = await storeChunk(chunk);
    totals.stored += r.stored;
    totals.duplicates += r.duplicates;
    progress.tick(chunk.length);
  }
  progress.done();
  return totals;
}

/**
 * Shows the project's clustering backlog shrinking until it is empty (or stops moving); returns what is
 * left unclustered.
 */
async function waitClustered(unclustered: () => Promise<number>, work?: () => Promise<boolean>) {
  const total = await unclustered();
  if (total === 0) return 0;
  const progress = createProgress('clustering', total);
  let left = total;
  let movedAt = Date.now();
  while (left > 0) {
    const didWork = work ? await work() : (await new Promise((r) => setTimeout(r, 250)), true);
    const now = await unclustered();
    if (now < left) {
      progress.tick(left - now);
      movedAt = Date.now();
    }
    left = now;
    if (!didWork || Date.now() - movedAt > STALL_MS) {
      process.stderr.write(`\n${left} item(s) are still queued for clustering\n`);
      return left;
    }
  }
  progress.done();
  return 0;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('bulk-import feedback from a JSONL or CSV file (title, body, url, author, external_id)')
    .requiredOption('--project <id>', 'project id')
    .option('--no-wait', 'return once stored, without waiting for the items to be clustered')
    .argument('<file>', '.jsonl or .csv file')
    .action(async (file: string, opts: { project: string; wait: boolean }) => {
      const ctx = cliContext();
      const projectId = opts.project;
      if (!/^[0-9a-f-]{36}$/i.test(projectId))
        throw new AppError('validation_failed', '--project must be a project id');
      // validate the whole file before touching the database: a bad file imports nothing
      const items = await readImportFile(file);
      const result = await routeDataCommand(ctx, 'ingest', {
        server: async (call) => {
          const totals = await importAll(items, (chunk) =>
            call<Totals>('ingest', { projectId, items: chunk }),
          );
          const unclustered = async () =>
            (await call<{ unclustered: number }>('unclustered', { projectId })).unclustered;
          const unclusteredLeft = opts.wait ? await waitClustered(unclustered) : undefined;
          return { ...totals, unclustered: unclusteredLeft };
        },
        direct: async () => {
          const runtime = await createRuntime({ ...ctx, workers: false, command: 'ingest' });
          try {
            const s = runtime.services;
            const deps = { db: s.db.pool, clock: s.clock, outbox: s.clusteringOutbox };
            const newIds: string[] = [];
            const totals = await importAll(items, async (chunk) => {
              const r = await importFeedbackChunk(deps, projectId, chunk);
              newIds.push(...r.items.filter((i) => !i.duplicate).map((i) => i.id));
              return r;
            });
            // No server is running: cluster here, through the same batch path the queued jobs take (those
            // jobs then find their items placed and finish at once when serve next starts).
            let next = 0;
            const unclusteredLeft = opts.wait
              ? await waitClustered(
                  () => countUnclustered(s.db.pool, projectId),
                  async () => {
                    const batch = newIds.slice(next, next + CHUNK);
                    next += batch.length;
                    if (batch.length === 0) return false;
                    await s.clustering.clusterItems(projectId, batch);
                    return true;
                  },
                )
              : undefined;
            return { ...totals, unclustered: unclusteredLeft };
          } finally {
            await runtime.close();
          }
        },
      });
      printJson({ file, rows: items.length, ...result });
    });
}
