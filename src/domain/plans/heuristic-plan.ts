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

const list = (parts: string[]): string =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;

const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

/** Why a file was picked, as clauses that complete "Picked because …". */
function reasonClauses(c: CandidateFile): string[] {
  const clauses: string[] = [];
  if (c.frames.length > 0) {
    const where = c.frames
      .slice(0, 3)
      .map((f) => [f.fn ? `${f.fn}()` : '', f.line ? `line ${f.line}` : ''].filter(Boolean).join(' at '))
      .filter(Boolean);
    clauses.push(`the reported stack trace points into it${where.length ? ` (${where.join('; ')})` : ''}`);
  }
  const hits = Object.entries(c.hits).sort((a, b) => b[1] - a[1]);
  if (hits.length > 0)
    clauses.push(`it contains ${list(hits.slice(0, 4).map(([t, n]) => `"${t}" ${times(n)}`))}`);
  if (c.tiers.names > 0) clauses.push('its path names a term from the reports');
  return clauses;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The reason shown beside a file: one sentence. */
export function fileReason(c: CandidateFile): string {
  return `${capitalize(list(reasonClauses(c)))}.`;
}

const reportLine = (count: number, sources: string[]) =>
  `${count} report${count === 1 ? '' : 's'} from ${list(sources) || 'unknown sources'}.`;

/**
 * The plan without a language model: the ranked files with why each was picked, and the ordered steps an
 * engineer (or agent) takes for a bug report. Labelled `heuristic` by the caller.
 */
export function heuristicPlan(input: PlanInput): { summary: string; files: PlanFile[]; tasks: PlanTask[] } {
  const files = input.candidates.map((c) => ({ path: c.path, reason: fileReason(c) }));
  const top = input.candidates.slice(0, 3);
  const grounding = input.repo
    ? `Grounded in ${input.repo}${input.commitSha ? `@${input.commitSha.slice(0, 7)}` : ''}: ${
        files.length > 0
          ? `${files.length} candidate file${files.length === 1 ? '' : 's'} from stack traces and code search.`
          : 'no file matched the stack traces or the terms of the reports.'
      }`
    : 'No repository is set for this cluster, so no files could be located.';
  // the clustering summary already starts with "N reports from …" when it was built without a model
  const stats = reportLine(input.itemCount, input.sources);
  const clusterSummary =
    input.clusterSummary && input.clusterSummary !== input.clusterTitle ? input.clusterSummary : '';
  const summary = [
    input.clusterTitle,
    clusterSummary,
    /\b\d+ reports? from\b/.test(clusterSummary) ? '' : stats,
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
      detail: `Picked because ${list(reasonClauses(c))}. Confirm whether the fault is here.`,
    })),
    {
      title: 'Fix the root cause',
      detail: `Make the smallest change${top.length ? ` in ${list(top.map((c) => c.path))}` : ''} that removes the cause rather than the symptom; keep unrelated code untouched.`,
    },
    {
      title: 'Cover the fix with a test',
      detail: 'Add or extend a test for the reported case so the regression cannot return unnoticed.',
    },
    { title: 'Run the test suite', detail: "Run the project's tests and make sure they pass." },
  ];
  return { summary, files, tasks };
}
