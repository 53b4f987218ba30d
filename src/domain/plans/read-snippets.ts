import { runGit } from '../repos/run-git.js';
import type { RepoSnapshot } from '../repos/sync-repo-cache.js';
import type { CandidateFile } from './rank-candidate-files.js';

/**
 * A few lines of each candidate file for the language model: around the stack-trace lines, else the lines
 * where the keywords occur, else the top of the file. Bounded, so the prompt stays small.
 */
export async function readSnippets(
  snapshot: RepoSnapshot,
  candidates: CandidateFile[],
  gitPath?: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of candidates.slice(0, 6)) {
    let text: string;
    try {
      text = await runGit({
        args: ['--git-dir', snapshot.gitDir, 'show', `${snapshot.ref}:${c.path}`],
        ...(gitPath ? { path: gitPath } : {}),
      });
    } catch {
      continue;
    }
    if (text.includes('\u0000')) continue; // binary
    const lines = text.split('\n');
    const wanted = new Set<number>();
    const around = (n: number, r: number) => {
      for (let i = Math.max(1, n - r); i <= Math.min(lines.length, n + r); i++) wanted.add(i);
    };
    for (const f of c.frames) if (f.line) around(f.line, 4);
    if (wanted.size === 0) {
      const terms = Object.keys(c.hits).map((t) => t.toLowerCase());
      lines.forEach((l, i) => {
        if (wanted.size < 30 && terms.some((t) => l.toLowerCase().includes(t))) around(i + 1, 2);
      });
    }
    if (wanted.size === 0) for (let i = 1; i <= Math.min(20, lines.length); i++) wanted.add(i);
    let prev = 0;
    const parts: string[] = [];
    for (const n of [...wanted].sort((a, b) => a - b).slice(0, 60)) {
      if (prev && n > prev + 1) parts.push('…');
      parts.push(`${n}: ${lines[n - 1]!.slice(0, 200)}`);
      prev = n;
    }
    out[c.path] = parts.join('\n');
  }
  return out;
}
