import type { CandidateFile } from './rank-candidate-files.js';
import type { PlanFile, PlanTask } from './plan.js';

export interface PlanInput {
  clusterTitle: string;
  clusterSummary: string;
  itemCount: number;
  sources: string[];
  /** the first error line the feedback quotes, if any */
  errorLine: string | undefined;
  repo: string | null;
  commitSha: string | null;
  candidates: CandidateFile[];
}

function reasonFor(c: CandidateFile): string {
  const parts: string[] = [];
  if (c.frames.length > 0) {
    const where = c.frames
      .slice(0, 3)
      .map((f) => [f.fn ? `${f.fn}()` : '', f.line ? `line ${f.line}` : ''].filter(Boolean).join(' at '))
      .filter(Boolean);
    parts.push(`named by the reported stack trace${where.length ? ` (${where.join('; ')})` : ''}`);
  }
  const hits = Object.entries(c.hits).sort((a, b) => b[1] - a[1]);
  if (hits.length > 0) {
    parts.push(
      `mentions ${hits
        .slice(0, 4)
        .map(([t, n]) => `"${t}" ×${n}`)
        .join(', ')}`,
    );
  }
  if (parts.length === 0) parts.push('its path matches terms from the feedback');
  return parts.join('; ');
}

/**
 * The plan without a language model: the ranked files with why each was picked, and the ordered steps an
 * engineer (or agent) takes for a bug report. Labelled `heuristic` by the caller.
 */
export function heuristicPlan(input: PlanInput): { summary: string; files: PlanFile[]; tasks: PlanTask[] } {
  const files = input.candidates.map((c) => ({ path: c.path, reason: reasonFor(c) }));
  const top = input.candidates.slice(0, 3);
  const grounding = input.repo
    ? `Grounded in ${input.repo}${input.commitSha ? `@${input.commitSha.slice(0, 7)}` : ''}: ${
        files.length > 0
          ? `${files.length} candidate file${files.length === 1 ? '' : 's'} from stack traces and code search.`
          : 'no file matched the stack traces or the feedback terms.'
      }`
    : 'No repository is set for this cluster, so no files could be located.';
  const summary = [
    input.clusterTitle,
    input.clusterSummary && input.clusterSummary !== input.clusterTitle ? input.clusterSummary : '',
    `${input.itemCount} report${input.itemCount === 1 ? '' : 's'} from ${input.sources.join(', ') || 'unknown sources'}.`,
    grounding,
  ]
    .filter(Boolean)
    .join('\n\n');
  const tasks: PlanTask[] = [
    {
      title: 'Reproduce the reported problem',
      detail: `Find the code path behind "${input.clusterTitle}"${input.errorLine ? ` (error: ${input.errorLine})` : ''} and, where the project has tests, write one that fails because of it.`,
    },
    ...top.map((c) => ({
      title: `Inspect ${c.path}`,
      detail: `Candidate because it is ${reasonFor(c)}. Confirm whether the fault is here.`,
    })),
    {
      title: 'Fix the root cause',
      detail: `Make the smallest change${top.length ? ` in ${top.map((c) => c.path).join(', ')}` : ''} that removes the cause rather than the symptom; keep unrelated code untouched.`,
    },
    {
      title: 'Cover the fix with a test',
      detail: 'Add or extend a test for the reported case so the regression cannot return unnoticed.',
    },
    { title: 'Run the test suite', detail: "Run the project's tests and make sure they pass." },
  ];
  return { summary, files, tasks };
}
