import type { Queryable } from '../../db/database.js';
import type { CodingPlan, PlanContent, PlanRow } from './plan.js';

/**
 * The owner of the `coding_plans` table (one plan per cluster): every statement on it lives here. Each
 * function takes the pool or the transaction's client first, then one options object. `updated_at` takes
 * the database's clock, like every row's bookkeeping time.
 */

interface OneCluster {
  projectId: string;
  clusterId: string;
}

const columns =
  'id, cluster_id, summary, files, tasks, kind, model, repo, commit_sha, stale_reason, created_at, updated_at';

const toPlan = (r: PlanRow): CodingPlan => ({
  id: r.id,
  clusterId: r.cluster_id,
  summary: r.summary,
  files: r.files,
  tasks: r.tasks,
  kind: r.kind,
  model: r.model,
  repo: r.repo,
  commitSha: r.commit_sha,
  staleReason: r.stale_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function findPlan(db: Queryable, o: OneCluster): Promise<CodingPlan | undefined> {
  const { rows } = await db.query<PlanRow>(
    `select ${columns} from coding_plans where project_id = $1 and cluster_id = $2`,
    [o.projectId, o.clusterId],
  );
  return rows[0] ? toPlan(rows[0]) : undefined;
}

/** One plan per cluster: generating again or editing replaces its content and keeps its id. */
export async function savePlan(db: Queryable, o: OneCluster & { plan: PlanContent }): Promise<CodingPlan> {
  const p = o.plan;
  const { rows } = await db.query<PlanRow>(
    `insert into coding_plans (project_id, cluster_id, summary, files, tasks, kind, model, repo, commit_sha, edited_by)
     values ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10)
     on conflict (project_id, cluster_id) do update set summary = excluded.summary, files = excluded.files,
       tasks = excluded.tasks, kind = excluded.kind, model = excluded.model, repo = excluded.repo,
       commit_sha = excluded.commit_sha, edited_by = excluded.edited_by, stale_reason = null, updated_at = now()
     returning ${columns}`,
    [
      o.projectId,
      o.clusterId,
      p.summary,
      JSON.stringify(p.files),
      JSON.stringify(p.tasks),
      p.kind,
      p.model,
      p.repo,
      p.commitSha,
      p.editedBy ?? null,
    ],
  );
  return toPlan(rows[0]!);
}

/**
 * Notes on the plans of the given clusters that their reports changed after the plan was written. The
 * plan stays (a person may still want it); the dashboard shows the reason until it is regenerated or edited.
 */
export async function markPlansStale(
  db: Queryable,
  o: { projectId: string; clusterIds: string[]; reason: string },
): Promise<void> {
  if (o.clusterIds.length === 0) return;
  await db.query(
    'update coding_plans set stale_reason = $3 where project_id = $1 and cluster_id = any($2::uuid[])',
    [o.projectId, o.clusterIds, o.reason],
  );
}
