// Median time per stage of clustering one report at a corpus size, on embedded defaults, calling the
// pipeline's steps one by one (the job queue is left out).
// Usage: npx tsx bench/profile-clustering-stages.ts <size> <dataset.jsonl>   (JSONL with title, body, group)
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/config.js';
import { createRuntime } from '../../runtime.js';
import { createLogger } from '../../lib/logger.js';
import { createProject } from '../../domain/projects/create-project.js';
import { createEmbedder } from '../../domain/clustering/embedders/create-embedder.js';
import { fillCorpus } from '../../bench/clustering-fill.js';
import { storeFeedbackItem } from '../../domain/feedback/store-feedback-item.js';
import { embeddingText } from '../../domain/clustering/embedder.js';
import { PgvectorIndex } from '../../domain/clustering/pgvector-index.js';
import { loadBucketIdf, recordBucketDf, RERANK_CANDIDATES } from '../../domain/clustering/bucket-idf.js';
import { withTransaction } from '../../db/database.js';
import { lockProjectClustering } from '../../domain/clustering/lock-project-clustering.js';
import { decideAssignment } from '../../domain/clustering/decide-assignment.js';
import { addToClusterStats } from '../../domain/clustering/cluster-repository.js';
const size = Number(process.argv[2] ?? 10000);
const datasetFile = process.argv[3];
if (datasetFile === undefined) {
  console.error('usage: npx tsx bench/profile-clustering-stages.ts <size> <dataset.jsonl>');
  process.exit(2);
}
const texts = readFileSync(datasetFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const textAt = (i: number) => {
  const t = texts[(i * 7919) % texts.length];
  const r = Math.floor(i / texts.length);
  return { title: r ? `${t.title} (${r})` : t.title, body: t.body ?? '', group: String(t.group) };
};
const dir = await mkdtemp(path.join(tmpdir(), 'sc-stages-'));
const config = loadConfig({ SOULCASTER_DATA_DIR: dir, LOG_LEVEL: 'error' });
const rt = await createRuntime({ config, logger: createLogger({ level: 'error' }), workers: false });
const s = rt.services;
const db = s.db.pool;
const embedder = createEmbedder(config.embeddings);
const index = new PgvectorIndex(db);
const project = await createProject(db, { name: 'p' });
await fillCorpus(db, embedder, { projectId: project.id, clusters: new Map(), filled: 0 }, textAt, size);
const stages: Record<string, number[]> = {};
const time = async <T>(name: string, f: () => Promise<T>) => {
  const t0 = performance.now();
  const r = await f();
  (stages[name] ??= []).push(performance.now() - t0);
  return r;
};
for (let k = 0; k < 120; k++) {
  const t = textAt(20_000_000 + k);
  const { item } = await time('1 store item', () =>
    storeFeedbackItem({ db, clock: s.clock, clustering: { itemStored: async () => undefined } }, project.id, {
      source: 'manual',
      externalId: `x${k}`,
      title: t.title,
      body: t.body,
    }),
  );
  await time('2 read item', () =>
    db.query('select title, body, cluster_id from feedback_items where project_id = $1 and id = $2', [
      project.id,
      item.id,
    ]),
  );
  const [v] = await time('3 embed', () => embedder.embed([embeddingText(t)]));
  await time('4 store embedding (HNSW insert)', () =>
    index.store(db, project.id, item.id, embedder.model, v!),
  );
  await time('5 bucket df', () =>
    recordBucketDf(db, project.id, embedder.model, v!, embedder.hashedBuckets ?? 0),
  );
  await time('6 threshold', () => s.clustering.thresholdFor(project.id));
  await time('7 transaction total', () =>
    withTransaction(db, async (tx) => {
      await time('7a lock', () => lockProjectClustering(tx, project.id));
      const w = await time('7b load idf', () => loadBucketIdf(tx, project.id, embedder.model));
      const n = await time('7c top-K + rescoring', () =>
        index.nearest(tx, {
          projectId: project.id,
          model: embedder.model,
          vector: v!,
          k: 10,
          excludeItemId: item.id,
          reweight: w && { weights: w, candidates: RERANK_CANDIDATES },
        }),
      );
      const d = decideAssignment(n, 0.6);
      const cid =
        d.kind === 'join'
          ? d.clusterId
          : (
              await tx.query<{ id: string }>('insert into clusters (project_id) values ($1) returning id', [
                project.id,
              ])
            ).rows[0]!.id;
      const a = await time('7d assign', () =>
        tx.query<{ id: string }>(
          'update feedback_items set cluster_id = $2, clustered_at = now() where project_id = $1 and id = $3 returning id',
          [project.id, cid, item.id],
        ),
      );
      await time('7e stats', () =>
        addToClusterStats(tx, { projectId: project.id, clusterId: cid, itemIds: a.rows.map((r) => r.id) }),
      );
    }),
  );
}
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`corpus ${size}: median ms per stage (120 items)`);
for (const [k, v] of Object.entries(stages).sort()) console.log(`  ${k.padEnd(34)} ${med(v).toFixed(2)}`);
await rt.close();
await rm(dir, { recursive: true, force: true });
