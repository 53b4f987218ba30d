import type { TestResult } from './fix.js';
import type { CodingPlan } from '../plans/plan.js';
import type { TaskFeedback } from './build-task.js';
import { describeGithubError, githubClient, type GithubClientOptions } from './github-client.js';

export interface OpenPullRequestInput {
  repo: string;
  head: string;
  base: string;
  title: string;
  plan: CodingPlan;
  feedback: TaskFeedback[];
  testResult: TestResult | null;
  jobId: string;
  agent: string;
}

export function pullRequestBody(i: OpenPullRequestInput): string {
  const files = i.plan.files.map((f) => `- \`${f.path}\`: ${f.reason}`).join('\n');
  const tasks = i.plan.tasks.map((t, n) => `${n + 1}. **${t.title}**: ${t.detail}`).join('\n');
  const feedback = i.feedback
    .slice(0, 15)
    .map((f) => `- [${f.source}] ${f.url ? `[${f.title.slice(0, 200)}](${f.url})` : f.title.slice(0, 200)}`)
    .join('\n');
  const tests = i.testResult
    ? `\`${i.testResult.command}\` ${i.testResult.passed ? 'passed' : `failed (exit ${i.testResult.exitCode})`} in ${(i.testResult.durationMs / 1000).toFixed(1)}s${
        i.testResult.output
          ? `\n\n<details><summary>output</summary>\n\n\`\`\`\n${i.testResult.output}\n\`\`\`\n</details>`
          : ''
      }`
    : 'No test command is configured for this project.';
  return [
    `## Summary\n${i.plan.summary}`,
    `## Plan (${i.plan.kind})\n${files ? `Files:\n${files}\n\n` : ''}${tasks}`,
    `## Linked feedback (${i.feedback.length})\n${feedback || '- none'}`,
    `## Tests\n${tests}`,
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
