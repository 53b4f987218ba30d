import { withTransaction, type Pool } from '../../db/database.js';
import { updateClusterIssueState } from './cluster-issue-repository.js';
import { markClustersUnsummarized } from '../clustering/cluster-repository.js';
import { moveClusterIfAllowed } from '../clustering/cluster-transitions.js';
import { markPlansStale } from '../plans/plan-repository.js';
import { cleanText } from '../../lib/clean-text.js';

export interface IssueRef {
  projectId: string;
  repo: string;
  number: number;
}

/** What follows an edit of imported reports: their clusters' summaries and the reports' vectors renewed. */
export interface ItemsEdited {
  itemsEdited(projectId: string, clusterIds: string[]): Promise<void>;
}

/**
 * GitHub says the issue created from a cluster is now open or closed: closed resolves the cluster,
 * reopened makes it new again (a new fix line), through the cluster lifecycle, which refuses moves it does
 * not allow (a running fix is not overtaken). Returns the cluster when the link's state changed.
 */
export async function followClusterIssueState(
  db: Pool,
  ref: IssueRef,
  state: 'open' | 'closed',
): Promise<{ clusterId: string; moved: boolean } | undefined> {
  return withTransaction(db, async (tx) => {
    const clusterId = await updateClusterIssueState(tx, ref, state);
    if (clusterId === undefined) return undefined;
    const moved = await moveClusterIfAllowed(
      tx,
      ref.projectId,
      clusterId,
      state === 'closed' ? 'issue-closed' : 'issue-reopened',
    );
    return { clusterId, moved };
  });
}

export interface IssueSnapshot {
  title: string;
  body: string;
  state: 'open' | 'closed';
  updatedAt: string | null;
}

export type ImportedIssueChange = 'none' | 'state' | 'text' | 'text+state';

/**
 * A report imported from a GitHub issue follows the issue: a new title or body replaces the stored one
 * (the report stays in its cluster, whose summary and plan were written from the old text: the summary
 * is renewed, the plan marked stale, and the report's vector is dropped so it is embedded again from the
 * new text), and the issue's state is kept on the report (metadata.state, closedAt). Returns what changed,
 * or undefined when no report came from this issue.
 */
export async function followImportedIssue(
  deps: { db: Pool } & ItemsEdited,
  ref: IssueRef,
  issue: IssueSnapshot,
): Promise<ImportedIssueChange | undefined> {
  const externalId = `${ref.repo.toLowerCase()}#${ref.number}`;
  const title = cleanText(issue.title).trim().slice(0, 1000) || '(untitled issue)';
  const body = cleanText(issue.body).slice(0, 100_000);
  const result = await withTransaction(deps.db, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      title: string;
      body: string;
      cluster_id: string | null;
      state: string | null;
    }>(
      `select id, title, body, cluster_id, metadata->>'state' as state from feedback_items
        where project_id = $1 and source = 'github' and external_id = $2 for update`,
      [ref.projectId, externalId],
    );
    const item = rows[0];
    if (item === undefined) return undefined;
    const textChanged = item.title !== title || item.body !== body;
    const stateChanged = (item.state ?? 'open') !== issue.state;
    if (!textChanged && !stateChanged) return { change: 'none' as const, clusterId: null };
    const closedAt = issue.state === 'closed' ? (issue.updatedAt ?? new Date().toISOString()) : null;
    await tx.query(
      `update feedback_items
          set title = $3, body = $4,
              embedding_model = case when $5::boolean then null else embedding_model end,
              metadata = metadata || jsonb_build_object('state', $6::text, 'closedAt', $7::text, 'updatedAt', $8::text)
        where project_id = $1 and id = $2`,
      [ref.projectId, item.id, title, body, textChanged, issue.state, closedAt, issue.updatedAt],
    );
    if (textChanged && item.cluster_id !== null) {
      await markClustersUnsummarized(tx, { projectId: ref.projectId, clusterIds: [item.cluster_id] });
      await markPlansStale(tx, {
        projectId: ref.projectId,
        clusterIds: [item.cluster_id],
        reason: 'a report in this cluster was edited on GitHub',
      });
    }
    const change: ImportedIssueChange = textChanged ? (stateChanged ? 'text+state' : 'text') : 'state';
    return { change, clusterId: textChanged ? item.cluster_id : null };
  });
  if (result === undefined) return undefined;
  if (result.change.startsWith('text'))
    await deps.itemsEdited(ref.projectId, result.clusterId === null ? [] : [result.clusterId]);
  return result.change;
}
