import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { calibrationFor } from '../../domain/clustering/calibration.js';
import { embeddingText } from '../../domain/clustering/embedder.js';
import { LocalEmbedder } from '../../domain/clustering/embedders/local-embedder.js';
import {
  evaluateClustering,
  type LabelledItem,
  type Reweighting,
} from '../../domain/clustering/evaluation/evaluate-clustering.js';
import {
  generateVolumeSet,
  MAX_GENERATED_ISSUES,
} from '../../domain/clustering/evaluation/generate-volume-set.js';
import { readLabelledDataset } from '../../domain/clustering/evaluation/read-labelled-dataset.js';
import { toSparse, type SparseVector } from '../../domain/clustering/evaluation/sparse.js';
import { tfidfVectors } from '../../domain/clustering/evaluation/tfidf.js';
import { RERANK_CANDIDATES } from '../../domain/clustering/bucket-idf.js';
import { printJson } from '../context.js';

const SWEEP = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];

interface EvalOptions {
  dataset: string;
  embedder: string;
  threshold?: string;
  limit?: string;
  sweep?: boolean;
  issues: string;
  reports: string;
}

export function registerEval(program: Command): void {
  const evaluate = program.command('eval').description('quality evaluations');
  evaluate
    .command('clustering')
    .description(
      'cluster a labelled set and score it (B-cubed, recall@k): the default threshold first, then, with --sweep, other thresholds and the best',
    )
    .requiredOption(
      '--dataset <file>',
      'labelled JSONL or CSV ({id,title,body,group}), or "generated" for the volume set',
    )
    .option('--embedder <name>', 'local | tfidf (baseline)', 'local')
    .option('--threshold <t>', 'base similarity threshold (default: the embedder’s own)')
    .option('--sweep', 'also evaluate thresholds 0.15 … 0.8 and report the best by B-cubed F1')
    .option('--limit <n>', 'use only the first n items')
    .option('--issues <k>', `generated set: recurring issues (1-${MAX_GENERATED_ISSUES})`, '12')
    .option('--reports <n>', 'generated set: reports', '10000')
    .option('--json', 'print JSON (the only output format; accepted for clarity)')
    .action(async (opts: EvalOptions) => {
      const all: LabelledItem[] =
        opts.dataset === 'generated'
          ? generateVolumeSet(Number(opts.issues), Number(opts.reports))
          : await readLabelledDataset(opts.dataset);
      const items = all.slice(0, opts.limit ? Number(opts.limit) : undefined);
      const texts = items.map((it) => embeddingText(it));
      const started = performance.now();
      process.stderr.write(`embedding ${items.length} items with ${opts.embedder}\n`);
      let vectors: SparseVector[];
      let model: string;
      let reweight: Reweighting | undefined;
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
      const calibration = calibrationFor(model);
      const threshold = opts.threshold !== undefined ? Number(opts.threshold) : calibration.threshold;
      if (!(threshold > 0 && threshold <= 1))
        throw new AppError('validation_failed', '--threshold must be in (0, 1]');
      const run = (t: number, seconds: number) => {
        process.stderr.write(`clustering at threshold ${t}\n`);
        const {
          items: n,
          groups,
          ...result
        } = evaluateClustering(items, vectors, t, seconds, reweight, calibration);
        return { n, groups, result };
      };
      const first = run(threshold, embedSeconds);
      const sweep = opts.sweep
        ? SWEEP.filter((t) => t !== threshold).map((t) => run(t, embedSeconds).result)
        : undefined;
      const best = sweep && [first.result, ...sweep].sort((a, b) => b.bcubed.f1 - a.bcubed.f1)[0];
      printJson({
        dataset:
          opts.dataset === 'generated'
            ? `generated: ${opts.issues} issues, ${opts.reports} reports`
            : opts.dataset,
        embedder: model,
        calibration,
        items: first.n,
        groups: first.groups,
        default: first.result,
        ...(sweep ? { best, sweep: [first.result, ...sweep].sort((a, b) => a.threshold - b.threshold) } : {}),
      });
    });
}
