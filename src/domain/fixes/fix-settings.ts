import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { agentNames, runnerNames, type AgentName, type RunnerName } from '../../config/sections/fixes.js';
import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import { validationError } from '../validate.js';

/** projects.settings.fix: the per-project choices of the fix loop; unset ones fall back to config. */
export const fixSettings = z.object({
  agent: z.enum(agentNames).optional(),
  runner: z.enum(runnerNames).optional(),
  model: z.string().trim().min(1).max(200).optional(),
  /** run in the checkout after the agent; a non-zero exit fails the job */
  testCommand: z.string().trim().min(1).max(2000).optional(),
  /** the branch PRs target; the repository's default branch when unset */
  baseBranch: z
    .string()
    .regex(/^[\w./-]+$/)
    .max(200)
    .optional(),
  timeoutSeconds: z
    .number()
    .int()
    .min(5)
    .max(12 * 3600)
    .optional(),
  /** comment on the GitHub issues a cluster's reports came from when its fix PR opens and merges */
  commentOnIssues: z.boolean().optional(),
});
export type FixSettings = z.output<typeof fixSettings>;

/** how the dashboard names each setting, also in error messages */
export const fixSettingLabels: Record<keyof FixSettings, string> = {
  agent: 'Agent',
  runner: 'Runner',
  model: 'Model',
  testCommand: 'Test command',
  baseBranch: 'Base branch',
  timeoutSeconds: 'Time limit',
  commentOnIssues: 'Comment on source issues',
};

export interface ResolvedFixSettings extends FixSettings {
  agent: AgentName;
  runner: RunnerName;
  timeoutSeconds: number;
}

export async function getFixSettings(db: Queryable, projectId: string): Promise<FixSettings> {
  const { rows } = await db.query<{ fix: unknown }>(
    `select settings->'fix' as fix from projects where id = $1`,
    [projectId],
  );
  if (rows[0] === undefined) throw notFound('project');
  const parsed = fixSettings.safeParse(rows[0].fix ?? {});
  return parsed.success ? parsed.data : {};
}

export async function setFixSettings(
  db: Queryable,
  projectId: string,
  settings: FixSettings,
): Promise<FixSettings> {
  const parsed = fixSettings.safeParse(settings);
  if (!parsed.success) throw validationError(parsed.error, 'fix settings', fixSettingLabels);
  const { rowCount } = await db.query(
    `update projects set settings = jsonb_set(settings, '{fix}', $2::jsonb), updated_at = now() where id = $1`,
    [projectId, JSON.stringify(parsed.data)],
  );
  if (rowCount === 0) throw notFound('project');
  return parsed.data;
}

export function resolveFixSettings(
  config: Config['fixes'],
  project: FixSettings,
  request: { agent?: AgentName | undefined; runner?: RunnerName | undefined },
): ResolvedFixSettings {
  const agent = request.agent ?? project.agent ?? config.defaultAgent;
  const model = project.model ?? config.agentModel;
  return {
    ...project,
    agent,
    runner: request.runner ?? project.runner ?? config.defaultRunner,
    timeoutSeconds: Math.min(project.timeoutSeconds ?? config.jobTimeoutSeconds, config.jobTimeoutSeconds),
    ...(model !== undefined ? { model } : {}),
  };
}
