import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { embeddingText } from '../../domain/clustering/embedder.js';
import { LocalEmbedder } from '../../domain/clustering/embedders/local-embedder.js';
import { toVectorLiteral } from '../../domain/clustering/vector-index.js';
import { storeFeedbackItem } from '../../domain/feedback/store-feedback-item.js';
import { createProject } from '../../domain/projects/create-project.js';
import { createLogger } from '../../lib/logger.js';
import { createRuntime } from '../../runtime.js';
import { printJson } from '../context.js';
import { createProgress } from '../progress.js';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Ingest-to-clustered cost as the corpus grows: the corpus is filled to each size with embedded items
 * (bulk insert, HNSW maintained by pgvector), then a sample of new reports goes through the real path
 * (store → embed → top-K on HNSW → assign under the project lock), timed one by one.
 */
export function registerBenchClustering(bench: Command): void {
  bench
    .command('clustering')
    .description(
      'ingest-to-clustered throughput and per-item latency at growing corpus sizes (embedded defaults)',
    )
    .option('--sizes <list>', 'corpus sizes', '1000,10000,100000')
    .option('--sample <n>', 'items timed at each size', '200')
    .option(
      '--dataset <file>',
      'texts to draw from (JSONL with title/body)',
      '../shared/datasets/banking77/items.jsonl',
    )
    .action(async (opts: { sizes: string; sample: string; dataset: string }) => {
      const sizes = opts.sizes
        .split(',')
        .map(Number)
        .sort((a, b) => a - b);
      const sample = Number(opts.sample);
      const texts = readFileSync(opts.dataset, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { title: string; body?: string });
      const dataDir = await mkdtemp(path.join(tmpdir(), 'sc-bench-cluster-'));
      const config = loadConfig({ SOULCASTER_DATA_DIR: dataDir, LOG_LEVEL: 'error' });
      const runtime = await createRuntime({
        config,
        logger: createLogger({ level: 'error' }),
        workers: false,
      });
      const s = runtime.services;
      const embedder = new LocalEmbedder();
      const results = [];
      try {
        const project = await createProject(s.db.pool, { name: 'bench' });
        let filled = 0;
        let serial = 0;
        const textAt = (i: number) => {
          const t = texts[i % texts.length]!;
          // variants keep every item distinct once the dataset wraps around
          const round = Math.floor(i / texts.length);
          return { title: round === 0 ? t.title : `${t.title} (${round})`, body: t.body ?? '' };
        };
        for (const size of sizes) {
          const fill = size - filled;
          const progress = createProgress(`filling to ${size}`, fill);
          for (let start = 0; start < fill; start += 500) {
            const batch = Array.from({ length: Math.min(500, fill - start) }, () => textAt(serial++));
            const vectors = await embedder.embed(batch.map(embeddingText));
            await s.db.pool.query(
              `with items as (
                 insert into feedback_items (project_id, source, external_id, title, body, embedding_model)
                 select $1, 'manual', 'fill-' || x.n, x.title, x.body, $2
                   from unnest($3::text[], $4::text[], $6::int[]) as x(title, body, n)
                 returning id, external_id)
               insert into item_embeddings (item_id, project_id, model, embedding)
               select i.id, $1, $2, v.v::vector
                 from items i join unnest($5::text[], $6::int[]) as v(v, n) on i.external_id = 'fill-' || v.n`,
              [
                project.id,
                embedder.model,
                batch.map((b) => b.title),
                batch.map((b) => b.body),
                vectors.map(toVectorLiteral),
                batch.map((_, k) => serial - batch.length + k),
              ],
            );
            progress.tick(batch.length);
          }
          progress.done();
          filled = size;
          const latencies: number[] = [];
          const started = performance.now();
          for (let k = 0; k < sample; k++) {
            const t0 = performance.now();
            const { item } = await storeFeedbackItem(
              { db: s.db.pool, clock: s.clock, clustering: { itemStored: async () => undefined } },
              project.id,
              {
                source: 'manual',
                externalId: `sample-${size}-${k}`,
                ...textAt(serial++),
              },
            );
            await s.clustering.clusterItem(project.id, item.id);
            latencies.push(performance.now() - t0);
          }
          const seconds = (performance.now() - started) / 1000;
          filled += sample;
          latencies.sort((a, b) => a - b);
          const row = {
            corpus: size,
            sample,
            itemsPerSecond: Math.round((sample / seconds) * 10) / 10,
            latencyMs: {
              p50: Math.round(percentile(latencies, 50) * 10) / 10,
              p95: Math.round(percentile(latencies, 95) * 10) / 10,
            },
          };
          process.stderr.write(`${JSON.stringify(row)}\n`);
          results.push(row);
        }
        printJson({ embedder: embedder.model, index: 'pgvector hnsw (cosine)', results });
      } finally {
        await runtime.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
}
