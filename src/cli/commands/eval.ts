import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { embeddingText } from '../../domain/clustering/embedder.js';
import { LocalEmbedder } from '../../domain/clustering/embedders/local-embedder.js';
import {
  evaluateClustering,
  type LabelledItem,
} from '../../domain/clustering/evaluation/evaluate-clustering.js';
import { toSparse } from '../../domain/clustering/evaluation/sparse.js';
import { tfidfVectors } from '../../domain/clustering/evaluation/tfidf.js';
import { RERANK_CANDIDATES } from '../../domain/clustering/bucket-idf.js';
import { defaultThreshold } from '../../domain/clustering/thresholds.js';
import { printJson } from '../context.js';

const labelled = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string(),
  body: z.string().nullish(),
  group: z.union([z.string(), z.number()]).transform(String),
});

export function registerEval(program: Command): void {
  const evaluate = program.command('eval').description('quality evaluations');
  evaluate
    .command('clustering')
    .description('cluster a labelled JSONL set ({id,title,body,group}) and score it: B-cubed and recall@k')
    .requiredOption('--dataset <file>', 'labelled JSONL file')
    .option('--embedder <name>', 'local | tfidf (baseline)', 'local')
    .option('--threshold <t>', 'similarity threshold (default: the embedder’s own)')
    .option('--limit <n>', 'use only the first n items')
    .option('--json', 'print JSON (the only output format; accepted for clarity)')
    .action(async (opts: { dataset: string; embedder: string; threshold?: string; limit?: string }) => {
      const lines = (await readFile(opts.dataset, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      const items: LabelledItem[] = lines
        .slice(0, opts.limit ? Number(opts.limit) : undefined)
        .map((l, i) => {
          const r = labelled.safeParse(JSON.parse(l));
          if (!r.success)
            throw new AppError(
              'validation_failed',
              `${opts.dataset} line ${i + 1}: ${r.error.issues[0]?.message}`,
            );
          return { ...r.data, body: r.data.body ?? '' };
        });
      const texts = items.map((it) => embeddingText(it));
      const started = performance.now();
      process.stderr.write(`embedding ${items.length} items with ${opts.embedder}\n`);
      let vectors;
      let model: string;
      let reweight;
      if (opts.embedder === 'tfidf') {
        vectors = tfidfVectors(texts);
        model = 'tfidf';
      } else if (opts.embedder === 'local') {
        const e = new LocalEmbedder();
        vectors = (await e.embed(texts)).map(toSparse);
        model = e.model;
        reweight = { hashed: e.hashedBuckets, candidates: RERANK_CANDIDATES };
      } else {
        throw new AppError('validation_failed', `unknown embedder ${opts.embedder} (local, tfidf)`);
      }
      const embedSeconds = (performance.now() - started) / 1000;
      const threshold = opts.threshold !== undefined ? Number(opts.threshold) : defaultThreshold(model);
      if (!(threshold > 0 && threshold <= 1))
        throw new AppError('validation_failed', '--threshold must be in (0, 1]');
      process.stderr.write(`clustering at threshold ${threshold}\n`);
      printJson({
        dataset: opts.dataset,
        embedder: model,
        ...evaluateClustering(items, vectors, threshold, embedSeconds, reweight),
      });
    });
}
