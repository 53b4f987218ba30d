import type { FixDeps } from '../fixes/fix-deps.js';
import type { ItemsEdited } from './follow-github-issue.js';

/**
 * What GitHub's webhooks act on beyond storing feedback: imported reports that follow their issue (and
 * are embedded and summarized again when edited), and fix pull requests (comments on the source issues
 * are posted as the user who started the fix).
 */
export interface GithubEventDeps extends ItemsEdited {
  fixes: FixDeps;
  /** a fix PR merged: "Fixed by #n" on the source issues (comment-on-source-issues.ts, wired by the route) */
  pullRequestMerged(pr: { projectId: string; repo: string; number: number }): Promise<void>;
}
