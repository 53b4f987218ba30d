import { withTransaction, type Pool, type Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { getProject } from '../projects/get-project.js';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { newFeedbackItem, type NewFeedbackItem } from './feedback-item.js';
import { countFeedbackItems } from './feedback-repository.js';
import { newItemsByProject, storeFeedbackBatch, type BatchStored } from './store-feedback-batch.js';

/** Where stored items are queued for clustering, inside the transaction that stored them. */
export interface ClusteringOutbox {
  enqueue(tx: Queryable, projectId: string, itemIds: string[]): Promise<void>;
  /** after the commit: lets a worker in this process start on the new jobs at once */
  committed(): void;
}

export interface ImportFeedbackDeps {
  db: Pool;
  clock: Clock;
  outbox: ClusteringOutbox;
}

export interface ImportedChunk {
  stored: number;
  duplicates: number;
  items: BatchStored[];
}

/**
 * A chunk of a bulk import (a file, a repository's issue history): stored in one transaction together with
 * the clustering jobs of its new items, so the chunk is either wholly there and queued or not there at all.
 */
export async function importFeedbackChunk(
  deps: ImportFeedbackDeps,
  projectId: string,
  items: NewFeedbackItem[],
): Promise<ImportedChunk> {
  const valid = items.map((item, i) => {
    const r = newFeedbackItem.safeParse(item);
    if (!r.success) throw new AppError('validation_failed', `item ${i + 1}: ${z.prettifyError(r.error)}`);
    return r.data;
  });
  await getProject(deps.db, projectId);
  const stored = await withTransaction(deps.db, async (tx) => {
    const result = await storeFeedbackBatch(
      tx,
      deps.clock.now(),
      valid.map((item) => ({ projectId, item })),
    );
    for (const [project, ids] of newItemsByProject(result)) await deps.outbox.enqueue(tx, project, ids);
    return result;
  });
  deps.outbox.committed();
  const duplicates = stored.filter((s) => s.duplicate).length;
  return { stored: stored.length - duplicates, duplicates, items: stored };
}

/** Items of a project not yet in a cluster: what a bulk import still waits for. */
export async function countUnclustered(db: Queryable, projectId: string): Promise<number> {
  return (await countFeedbackItems(db, { projectId })).unclustered;
}
