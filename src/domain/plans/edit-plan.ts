import type { Queryable } from '../../db/database.js';
import { findClusterBrief } from '../clustering/cluster-repository.js';
import { notFound } from '../errors.js';
import { dedupePlanFiles } from './dedupe-plan-files.js';
import type { CodingPlan, PlanFile, PlanTask } from './plan.js';
import { findPlan, savePlan } from './plan-repository.js';

/**
 * A person's edit replaces the plan's content and labels it `edited` (keeping the repository and commit it
 * was grounded in). Editing a cluster without a plan creates one. A file listed twice is saved once.
 */
export async function editPlan(
  db: Queryable,
  projectId: string,
  clusterId: string,
  input: { summary: string; files: PlanFile[]; tasks: PlanTask[] },
  editedBy: string | undefined,
): Promise<CodingPlan> {
  const cluster = await findClusterBrief(db, { projectId, clusterId });
  if (cluster === undefined) throw notFound('cluster');
  const current = await findPlan(db, { projectId, clusterId });
  return savePlan(db, {
    projectId,
    clusterId,
    plan: {
      ...input,
      files: dedupePlanFiles(input.files),
      kind: 'edited',
      model: null,
      repo: current?.repo ?? cluster.repo,
      commitSha: current?.commitSha ?? null,
      editedBy: editedBy ?? null,
    },
  });
}
