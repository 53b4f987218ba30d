import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import type { Pool } from '../db/database.js';
import { createEmbedder } from '../domain/clustering/embedders/create-embedder.js';
import { newFeedbackItem } from '../domain/feedback/feedback-item.js';
import { countUnclustered, importFeedbackChunk } from '../domain/feedback/import-feedback.js';
import { createProject } from '../domain/projects/create-project.js';
import { createLogger } from '../lib/logger.js';
import { createRuntime } from '../runtime.js';
import type { Services } from '../services.js';
import { previousFigures } from './previous-figures.js';
import { printJson } from '../cli/context.js';
import { createProgress } from '../cli/progress.js';
import { explainHotQueries } from './clustering-explain.js';
import { fillCorpus, type BenchText, type FillState } from './clustering-fill.js';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round1 = (x: number) => Math.round(x * 10) / 10;
const WARM_UP = 20;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** items per import transaction, as `soulcaster ingest` stores them */
const CHUNK = 500;

async function clusteredCount(db: Pool, ids: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from feedback_items where id = any($1::uuid[]) and cluster_id is not null',
    [ids],
  );
  return rows[0]?.n ?? 0;
}

async function waitClustered(db: Pool, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((await clusteredCount(db, ids)) < ids.length) {
    if (performance.now() > deadline) throw new Error(`items not clustered within ${timeoutMs} ms`);
    await sleep(ids.length === 1 ? 1 : 20);
  }
}

/**
 * New reports through the production paths, with the runtime's own workers. Single items: a delivery
 * through the group committer (as a webhook is stored) → its `cluster-feedback-items` job → the
 * single-item path; the next is sent once the previous is clustered, for latency. A backlog: an import
 * in chunks of 500 (as `soulcaster ingest` and a first GitHub sync store them) → batch jobs → the batch
 * path, timed from the first chunk until the project has nothing unclustered.
 */
async function timeNewItems(
  s: Services,
  projectId: string,
  singles: BenchText[],
  backlog: BenchText[],
  tag: string,
) {
  const deliver = async (t: BenchText, k: number) => {
    const r = await s.ingest.submit({
      projectId,
      kind: 'manual',
      items: [
        newFeedbackItem.parse({ source: 'manual', externalId: `${tag}-${k}`, title: t.title, body: t.body }),
      ],
    });
    return r.items[0]!.id;
  };
  // untimed: the first items after a fill pay for JIT compilation and cold caches, not for the corpus
  for (const [k, t] of singles.slice(0, WARM_UP).entries())
    await waitClustered(s.db.pool, [await deliver(t, k)], 60_000);
  const latencies: number[] = [];
  for (const [k, t] of singles.slice(WARM_UP).entries()) {
    const t0 = performance.now();
    await waitClustered(s.db.pool, [await deliver(t, WARM_UP + k)], 60_000);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);

  const deps = { db: s.db.pool, clock: s.clock, outbox: s.clusteringOutbox };
  const t0 = performance.now();
  const progress = createProgress(`backlog of ${backlog.length}`, backlog.length);
  for (let i = 0; i < backlog.length; i += CHUNK) {
    const chunk = backlog.slice(i, i + CHUNK);
    await importFeedbackChunk(
      deps,
      projectId,
      chunk.map((t, k) => ({
        source: 'manual',
        externalId: `${tag}-b${i + k}`,
        title: t.title,
        body: t.body,
      })),
    );
  }
  const storedSeconds = (performance.now() - t0) / 1000;
  let left = await countUnclustered(s.db.pool, projectId);
  while (left > 0) {
    if (performance.now() - t0 > 3_600_000) throw new Error(`backlog not clustered within an hour`);
    await sleep(250);
    const now = await countUnclustered(s.db.pool, projectId);
    progress.tick(left - now);
    left = now;
  }
  progress.done();
  const seconds = (performance.now() - t0) / 1000;
  return {
    single: {
      items: latencies.length,
      latencyMs: { p50: round1(percentile(latencies, 50)), p95: round1(percentile(latencies, 95)) },
    },
    backlog: {
      items: backlog.length,
      storedSeconds: round1(storedSeconds),
      seconds: round1(seconds),
      itemsPerSecond: round1(backlog.length / seconds),
    },
  };
}

/**
 * Ingest-to-clustered cost as the corpus grows: the corpus is filled in bulk to each size (labelled
 * dataset groups become the clusters), then new reports go through the real path, timed.
 */
export function registerBenchClustering(bench: Command): void {
  bench
    .command('clustering')
    .description(
      'ingest-to-clustered throughput and per-item latency at growing corpus sizes (embedded defaults)',
    )
    .option('--sizes <list>', 'corpus sizes', '1000,10000,100000')
    .option('--sample <n>', 'single new items timed at each size (one at a time)', '100')
    .option('--backlog <n>', 'items imported at once at each size, clustered by the batch path', '1000')
    .requiredOption('--dataset <file>', 'texts to draw from (JSONL with title, body, group)')
    .option('--explain', 'print EXPLAIN ANALYZE of the per-item queries at each size (stderr)')
    .action(
      async (opts: {
        sizes: string;
        sample: string;
        backlog: string;
        dataset: string;
        explain?: boolean;
      }) => {
        const sizes = opts.sizes
          .split(',')
          .map(Number)
          .sort((a, b) => a - b);
        const sample = Number(opts.sample);
        const backlogSize = Number(opts.backlog);
        const texts = readFileSync(opts.dataset, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { title: string; body?: string; group?: string | number });
        // A stride through the file, so even the first 1k items span its topics (banking77 is ordered by
        // intent: its first 1000 lines are 7 of the 77); a stride coprime to the length visits every line.
        let stride = 7919;
        while (gcd(stride, texts.length) !== 1) stride++;
        const textAt = (i: number): BenchText => {
          const t = texts[(i * stride) % texts.length]!;
          // variants keep every item distinct once the dataset wraps around
          const round = Math.floor(i / texts.length);
          return {
            title: round === 0 ? t.title : `${t.title} (${round})`,
            body: t.body ?? '',
            group: String(t.group ?? i),
          };
        };
        const dataDir = await mkdtemp(path.join(tmpdir(), 'sc-bench-cluster-'));
        const config = loadConfig({ SOULCASTER_DATA_DIR: dataDir, LOG_LEVEL: 'error' });
        const runtime = await createRuntime({
          config,
          logger: createLogger({ level: 'error' }),
          workers: true,
        });
        const s = runtime.services;
        const embedder = createEmbedder(config.embeddings);
        const results = [];
        try {
          const project = await createProject(s.db.pool, { name: 'bench' });
          const state: FillState = { projectId: project.id, clusters: new Map(), filled: 0 };
          // the timed items come from the far end of the sequence, so they are never fill items
          let serial = 10_000_000;
          for (const size of sizes) {
            await fillCorpus(s.db.pool, embedder, state, textAt, size);
            if (opts.explain)
              process.stderr.write(
                `${await explainHotQueries(s.db.pool, embedder, project.id, textAt(serial))}\n`,
              );
            const fillStarted = performance.now();
            const singles = Array.from({ length: sample + WARM_UP }, () => textAt(serial++));
            const backlog = Array.from({ length: backlogSize }, () => textAt(serial++));
            const row = {
              corpus: size,
              ...(await timeNewItems(s, project.id, singles, backlog, `s${size}`)),
            };
            state.filled += sample + WARM_UP + backlogSize;
            process.stderr.write(
              `${JSON.stringify(row)} (${Math.round(performance.now() - fillStarted)} ms)\n`,
            );
            results.push(row);
          }
          printJson({
            embedder: embedder.model,
            index: 'pgvector hnsw (cosine)',
            results,
            previous: await previousFigures('clustering:pglite'),
          });
        } finally {
          await runtime.close();
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    );
}
