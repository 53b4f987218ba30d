import { z } from 'zod';
import { withTransaction, type Pool } from '../../db/database.js';
import { hashToken, randomToken } from '../../lib/crypto.js';
import { AppError } from '../errors.js';
import { repoName } from '../repos/repo-name.js';
import { insertApiKey } from './api-key-repository.js';

export const createProjectInput = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  repo: repoName.optional(),
  ownerUserId: z.uuid().optional(),
});

export interface CreatedProject {
  id: string;
  name: string;
  repo: string | null;
  /** shown once; only its hash is stored */
  apiKey: string;
}

/** Creates a project with its first API key (and owner membership when a user creates it). */
export async function createProject(
  pool: Pool,
  input: z.input<typeof createProjectInput>,
): Promise<CreatedProject> {
  const parsed = createProjectInput.safeParse(input);
  if (!parsed.success) throw new AppError('validation_failed', z.prettifyError(parsed.error));
  const { name, repo, ownerUserId } = parsed.data;
  const apiKey = randomToken('sc');
  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      'insert into projects (name, repo) values ($1, $2) returning id',
      [name, repo ?? null],
    );
    const id = rows[0]!.id;
    await insertApiKey(tx, {
      projectId: id,
      name: 'default',
      keyHash: hashToken(apiKey),
      keyPrefix: apiKey.slice(0, 7),
    });
    if (ownerUserId !== undefined) {
      await tx.query(`insert into memberships (project_id, user_id, role) values ($1, $2, 'owner')`, [
        id,
        ownerUserId,
      ]);
    }
    return { id, name, repo: repo ?? null, apiKey };
  });
}
