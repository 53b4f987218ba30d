import type { Queryable } from '../../db/database.js';
import type { SecretBox } from '../../lib/crypto.js';
import { findClusterFixInputs } from '../clustering/cluster-repository.js';
import { notFound } from '../errors.js';
import { readUserGithubToken } from '../users/get-user-github-token.js';

export type FixBlocker = 'status' | 'plan' | 'repo' | 'token' | 'user';

export interface FixReadiness {
  ready: boolean;
  /** what stands between the cluster and "Start fix", each with what to do about it */
  missing: { code: FixBlocker; message: string; action: string }[];
  repo: string | null;
  planId: string | null;
}

/**
 * Whether "Start fix" can work for this caller and cluster, and if not, why: the same preconditions
 * startFix enforces (plus a saved plan, which the dashboard requires so a person has reviewed what the
 * agent will be told), computed on the server so the page does not guess and says the same after a reload.
 */
export async function getFixReadiness(opts: {
  db: Queryable;
  secrets: SecretBox;
  projectId: string;
  clusterId: string;
  userId: string | undefined;
  mode: 'local' | 'github' | 'api_keys_only';
}): Promise<FixReadiness> {
  const cluster = await findClusterFixInputs(opts.db, opts);
  if (cluster === undefined) throw notFound('cluster');
  const missing: FixReadiness['missing'] = [];
  if (cluster.status === 'fixing')
    missing.push({
      code: 'status',
      message: 'A fix is already running for this cluster.',
      action: 'Wait for it to finish, or cancel it below.',
    });
  if (cluster.status === 'ignored')
    missing.push({
      code: 'status',
      message: 'This cluster is ignored.',
      action: 'Choose "Stop ignoring" in Triage to work on it.',
    });
  if (cluster.planId === null)
    missing.push({
      code: 'plan',
      message: 'No coding plan is saved yet.',
      action: 'Generate a plan (Coding plan → Generate plan), review it, and edit it if needed.',
    });
  if (!cluster.repo)
    missing.push({
      code: 'repo',
      message: 'No repository is set for this cluster.',
      action: 'Set "Repository for fixes" in Triage, or the project\'s repository.',
    });
  if (opts.userId === undefined)
    missing.push({
      code: 'user',
      message: 'A fix opens a pull request as a GitHub user; an API key has none.',
      action: 'Start it from the dashboard while signed in.',
    });
  else {
    const user = await readUserGithubToken({ db: opts.db, secrets: opts.secrets, userId: opts.userId });
    if (user?.token === undefined)
      missing.push(
        opts.mode === 'local'
          ? {
              code: 'token',
              message: 'No GitHub token: local mode has no sign-in, so pull requests use GITHUB_TOKEN.',
              action:
                "Set GITHUB_TOKEN (a token with the repo scope) in the server's environment and restart it.",
            }
          : {
              code: 'token',
              message: `${user?.login ?? 'You'} have no GitHub token on record.`,
              action:
                'Sign out and sign in with GitHub again (the repo scope is needed to push and open PRs).',
            },
      );
  }
  return { ready: missing.length === 0, missing, repo: cluster.repo, planId: cluster.planId };
}
