import { z } from 'zod';
import type { Queryable } from '../../db/database.js';

export const planFile = z.object({
  path: z.string().trim().min(1).max(500),
  reason: z.string().trim().max(2000),
});
export const planTask = z.object({
  title: z.string().trim().min(1).max(300),
  detail: z.string().trim().max(5000),
});
export type PlanFile = z.output<typeof planFile>;
export type PlanTask = z.output<typeof planTask>;
export type PlanKind = 'heuristic' | 'llm' | 'edited';

export interface CodingPlan {
  id: string;
  clusterId: string;
  summary: string;
  files: PlanFile[];
  tasks: PlanTask[];
  kind: PlanKind;
  model: string | null;
  repo: string | null;
  commitSha: string | null;
  /** set when the cluster changed after the plan was written; cleared by regenerating or editing */
  staleReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface PlanRow {
  id: string;
  cluster_id: string;
  summary: string;
  files: PlanFile[];
  tasks: PlanTask[];
  kind: PlanKind;
  model: string | null;
  repo: string | null;
  commit_sha: string | null;
  stale_reason: string | null;
  created_at: Date;
  updated_at: Date;
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

export async function findPlan(
  db: Queryable,
  projectId: string,
  clusterId: string,
): Promise<CodingPlan | undefined> {
  const { rows } = await db.query<PlanRow>(
    `select ${columns} from coding_plans where project_id = $1 and cluster_id = $2`,
    [projectId, clusterId],
  );
  return rows[0] ? toPlan(rows[0]) : undefined;
}

export type PlanContent = Omit<CodingPlan, 'id' | 'clusterId' | 'staleReason' | 'createdAt' | 'updatedAt'> & {
  editedBy?: string | null;
};

/** One plan per cluster: generating again or editing replaces its content and keeps its id. */
export async function savePlan(
  db: Queryable,
  projectId: string,
  clusterId: string,
  p: PlanContent,
): Promise<CodingPlan> {
  const { rows } = await db.query<PlanRow>(
    `insert into coding_plans (project_id, cluster_id, summary, files, tasks, kind, model, repo, commit_sha, edited_by)
     values ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10)
     on conflict (project_id, cluster_id) do update set summary = excluded.summary, files = excluded.files,
       tasks = excluded.tasks, kind = excluded.kind, model = excluded.model, repo = excluded.repo,
       commit_sha = excluded.commit_sha, edited_by = excluded.edited_by, stale_reason = null, updated_at = now()
     returning ${columns}`,
    [
      projectId,
      clusterId,
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
