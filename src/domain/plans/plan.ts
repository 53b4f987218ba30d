import { z } from 'zod';

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

export interface PlanRow {
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

export type PlanContent = Omit<CodingPlan, 'id' | 'clusterId' | 'staleReason' | 'createdAt' | 'updatedAt'> & {
  editedBy?: string | null;
};
