import type { TestResult } from './fix.js';
import type { CodingPlan } from '../plans/plan.js';
import type { TaskFeedback } from './build-task.js';
import { describeGithubError, githubClient, type GithubClientOptions } from './github-client.js';

export interface OpenPullRequestInput {
  repo: string;
  /** the cluster's page in the dashboard (PUBLIC_URL/dashboard/clusters/{id}) */
  clusterUrl: string;
  head: string;
  base: string;
  title: string;
  plan: CodingPlan;
  feedback: TaskFeedback[];
  testResult: TestResult | null;
  jobId: string;
  agent: string;
}

/** GitHub issues among the reports (external id `owner/repo#n`), closed by the PR when it merges. */
export function fixedIssues(feedback: TaskFeedback[]): string[] {
  const refs = feedback
    .filter((f) => f.source === 'github' && f.externalId)
    .map((f) => /^([\w.-]+\/[\w.-]+)#(\d+)$/.exec(f.externalId!))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}#${m[2]}`);
  return [...new Set(refs)];
}

export function pullRequestBody(i: OpenPullRequestInput): string {
  const files = i.plan.files.map((f) => `- \`${f.path}\`: ${f.reason}`).join('\n');
  const tasks = i.plan.tasks.map((t, n) => `${n + 1}. **${t.title}**: ${t.detail}`).join('\n');
  const shown = i.feedback.slice(0, 15);
  const feedback = shown
    .map((f) => {
      const title = f.title.slice(0, 200).replace(/\s+/g, ' ');
      return `- ${f.source}: ${f.url ? `[${title}](${f.url})` : title}`;
    })
    .join('\n');
  const more =
    i.feedback.length > shown.length
      ? `\n- … and ${i.feedback.length - shown.length} more in [the cluster](${i.clusterUrl})`
      : '';
  const checks = [
    "- The agent's change is not empty (checked before committing).",
    i.testResult
      ? `- \`${i.testResult.command}\` ${i.testResult.passed ? 'passed' : `failed (exit ${i.testResult.exitCode})`} in ${(i.testResult.durationMs / 1000).toFixed(1)}s.${
          i.testResult.output
            ? `\n\n<details><summary>test output (last lines)</summary>\n\n\`\`\`\n${i.testResult.output}\n\`\`\`\n</details>`
            : ''
        }`
      : "- No tests ran: the project has no test command (set `testCommand` in the project's fix settings).",
  ].join('\n');
  const fixes = fixedIssues(i.feedback);
  return [
    `## Summary\n${i.plan.summary}\n\nCluster in Soulcaster: ${i.clusterUrl}`,
    `## Plan (${i.plan.kind})\n${files ? `Files:\n${files}\n\n` : ''}${tasks}`,
    `## Reports (${i.feedback.length})\n${feedback || '- none'}${more}`,
    `## Checks\n${checks}`,
    ...(fixes.length > 0 ? [fixes.map((r) => `Fixes ${r}`).join('\n')] : []),
    `---\nOpened by Soulcaster (job \`${i.jobId}\`, agent \`${i.agent}\`) on behalf of the user who started the fix. The change was written by a coding agent: review it like any contribution.`,
  ].join('\n\n');
}

/** POST /repos/{owner}/{repo}/pulls as the user; GitHub's validation errors come back as one message. */
export async function openPullRequest(
  client: GithubClientOptions,
  input: OpenPullRequestInput,
): Promise<{ number: number; url: string; state: 'open' }> {
  const [owner, repo] = input.repo.split('/') as [string, string];
  try {
    const { data } = await githubClient(client).rest.pulls.create({
      owner,
      repo,
      head: input.head,
      base: input.base,
      title: input.title,
      body: pullRequestBody(input),
    });
    return { number: data.number, url: data.html_url, state: 'open' };
  } catch (err) {
    throw describeGithubError(err);
  }
}

export async function getDefaultBranch(client: GithubClientOptions, fullName: string): Promise<string> {
  const [owner, repo] = fullName.split('/') as [string, string];
  try {
    const { data } = await githubClient(client).rest.repos.get({ owner, repo });
    return data.default_branch;
  } catch (err) {
    throw describeGithubError(err);
  }
}
