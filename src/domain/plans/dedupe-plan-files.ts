import type { PlanFile } from './plan.js';

/** `./src/a.ts`, `src//a.ts` and `src/a.ts ` are one file. */
const normalize = (p: string) =>
  p
    .trim()
    .replace(/^\.\//, '')
    .replace(/\/{2,}/g, '/');

/**
 * One entry per file, in first-seen order: a file listed twice (an editor's paste, a model repeating
 * itself) keeps its first position, and the reasons of the repeats are appended when they add something.
 */
export function dedupePlanFiles(files: PlanFile[]): PlanFile[] {
  const byPath = new Map<string, PlanFile>();
  for (const f of files) {
    const path = normalize(f.path);
    const seen = byPath.get(path);
    if (!seen) byPath.set(path, { path, reason: f.reason.trim() });
    else if (f.reason.trim() && !seen.reason.includes(f.reason.trim()))
      seen.reason = seen.reason ? `${seen.reason} ${f.reason.trim()}` : f.reason.trim();
  }
  return [...byPath.values()];
}
