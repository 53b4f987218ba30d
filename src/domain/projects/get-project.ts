import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';

export interface Project {
  id: string;
  name: string;
  repo: string | null;
  settings: Record<string, unknown>;
  createdAt: Date;
}

export async function getProject(db: Queryable, projectId: string): Promise<Project> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    repo: string | null;
    settings: Record<string, unknown>;
    created_at: Date;
  }>('select id, name, repo, settings, created_at from projects where id = $1', [projectId]);
  const row = rows[0];
  if (row === undefined) throw notFound('project');
  return { id: row.id, name: row.name, repo: row.repo, settings: row.settings, createdAt: row.created_at };
}
