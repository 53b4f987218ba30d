import { z } from 'zod';
import { scrubSecrets } from '../../lib/scrub.js';
import type { LanguageModel } from '../../llm/language-model.js';
import { planFile, planTask, type PlanFile, type PlanTask } from './plan.js';
import type { PlanInput } from './heuristic-plan.js';

const llmPlan = z.object({
  summary: z.string().trim().min(10).max(4000),
  files: z.array(planFile).max(15),
  tasks: z.array(planTask).min(1).max(15),
});

export interface RefineInput extends PlanInput {
  reports: { source: string; title: string; body: string }[];
  snippets: Record<string, string>;
  draft: { summary: string; files: PlanFile[]; tasks: PlanTask[] };
  /** every path in the repository: the model may only name files that exist */
  repoFiles: Set<string>;
}

/**
 * Asks the configured model to turn the grounded draft into a better plan. Feedback is scrubbed of
 * secrets and e-mail addresses before it leaves; file paths the repository does not contain are dropped,
 * so the plan never points the agent at invented files.
 */
export async function refinePlanWithLlm(
  llm: LanguageModel,
  input: RefineInput,
): Promise<{ summary: string; files: PlanFile[]; tasks: PlanTask[] }> {
  const reports = input.reports
    .slice(0, 20)
    .map((r, i) => `${i + 1}. [${r.source}] ${r.title}${r.body ? `\n${r.body.slice(0, 600)}` : ''}`)
    .join('\n\n');
  const candidates = input.draft.files
    .map(
      (f) =>
        `- ${f.path}: ${f.reason}${input.snippets[f.path] ? `\n\`\`\`\n${input.snippets[f.path]}\n\`\`\`` : ''}`,
    )
    .join('\n');
  const prompt = scrubSecrets(
    [
      `Problem: ${input.clusterTitle}`,
      input.clusterSummary ? `Summary: ${input.clusterSummary}` : '',
      `Repository: ${input.repo ?? 'unknown'}${input.commitSha ? ` at ${input.commitSha}` : ''}`,
      `User reports (${input.itemCount}):\n${reports}`,
      `Candidate files found by stack traces and code search:\n${candidates || '(none)'}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  const answer = await llm.generateObject({
    system:
      'You plan bug fixes for a coding agent. Using only the reports and the candidate files given, say which files to change and why, and list ordered, concrete tasks (reproduce, fix, test). Only name files from the candidate list or files you are sure exist in the repository. Do not invent facts.',
    prompt,
    schema: llmPlan,
    schemaHint:
      '{"summary": "what is wrong and the fix approach (2-5 sentences)", "files": [{"path": "src/x.ts", "reason": "why"}], "tasks": [{"title": "short step", "detail": "what to do"}]}',
  });
  const files = answer.files.filter((f) => input.repoFiles.size === 0 || input.repoFiles.has(f.path));
  return {
    summary: answer.summary,
    // a model that named no real file keeps the grounded list
    files: files.length > 0 ? files : input.draft.files,
    tasks: answer.tasks,
  };
}
