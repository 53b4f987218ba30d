import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import { AppError, notFound } from '../errors.js';
import { repoName } from '../repos/repo-name.js';

export const projectPatch = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(200).optional(),
    repo: repoName.nullable().optional(),
  })
  .strict();

export async function updateProject(opts: {
  db: Queryable;
  projectId: string;
  patch: z.input<typeof projectPatch>;
}): Promise<void> {
  const parsed = projectPatch.safeParse(opts.patch);
  if (!parsed.success) throw new AppError('validation_failed', z.prettifyError(parsed.error));
  const { name, repo } = parsed.data;
  const { rowCount } = await opts.db.query(
    `update projects set name = coalesce($2, name),
       repo = case when $3 then $4 else repo end, updated_at = now()
     where id = $1`,
    [opts.projectId, name ?? null, repo !== undefined, repo ?? null],
  );
  if (rowCount === 0) throw notFound('project');
}
