import { runGit } from '../repos/run-git.js';
import type { RepoSnapshot } from '../repos/sync-repo-cache.js';
import type { Keyword } from './extract-keywords.js';
import type { StackFrame } from './extract-stack-frames.js';

export interface CandidateFile {
  path: string;
  /** the ranking, most significant first: stack frames, identifiers in the code, file names, words */
  tiers: { frames: number; identifiers: number; names: number; words: number };
  /** one number for display and thresholds; the order comes from `tiers` */
  score: number;
  /** stack frames of the feedback that point into this file */
  frames: { line: number | null; fn: string | null }[];
  /** keyword → occurrences in the file */
  hits: Record<string, number>;
}

/** The repository file a frame path names: the one sharing the longest path suffix (at least the file name). */
export function matchFrameToFile(framePath: string, files: string[]): string | undefined {
  const want = framePath.split('/');
  let best: { file: string; n: number } | undefined;
  let tie = false;
  for (const file of files) {
    const have = file.split('/');
    let n = 0;
    while (n < want.length && n < have.length && want[want.length - 1 - n] === have[have.length - 1 - n]) n++;
    if (n === 0) continue;
    if (!best || n > best.n) {
      best = { file, n };
      tie = false;
    } else if (n === best.n) tie = true;
  }
  // a bare file name shared by several files says nothing about which one
  if (!best || (tie && best.n === 1)) return undefined;
  return best.file;
}

/**
 * Ranks the repository's files for a cluster, in tiers: files the stack traces point into come first
 * (in-app frames count more), then files containing the feedback's identifiers, error names, quoted
 * strings and URL paths (`git grep`), then files whose path names a term, then files containing plain
 * words. Within a tier rare terms weigh more than ones found everywhere. Language keywords are never
 * searched in file contents.
 */
export async function rankCandidateFiles(opts: {
  snapshot: RepoSnapshot;
  frames: StackFrame[];
  keywords: Keyword[];
  gitPath?: string;
  limit?: number;
}): Promise<{ candidates: CandidateFile[]; files: string[] }> {
  const { snapshot } = opts;
  const git = (args: string[], okExitCodes?: number[]) =>
    runGit({
      args: ['--git-dir', snapshot.gitDir, ...args],
      ...(opts.gitPath ? { path: opts.gitPath } : {}),
      ...(okExitCodes ? { okExitCodes } : {}),
    });
  const files = (await git(['ls-tree', '-r', '--name-only', snapshot.ref])).split('\n').filter(Boolean);
  const byPath = new Map<string, CandidateFile>();
  const entry = (p: string) => {
    let c = byPath.get(p);
    if (!c) {
      c = {
        path: p,
        tiers: { frames: 0, identifiers: 0, names: 0, words: 0 },
        score: 0,
        frames: [],
        hits: {},
      };
      byPath.set(p, c);
    }
    return c;
  };

  for (const frame of opts.frames) {
    const file = matchFrameToFile(frame.path, files);
    if (!file) continue;
    const c = entry(file);
    c.tiers.frames += frame.inApp === false ? 2 : 10;
    if (!c.frames.some((f) => f.line === frame.line && f.fn === frame.fn))
      c.frames.push({ line: frame.line, fn: frame.fn });
  }

  for (const kw of opts.keywords) {
    const needle = kw.term.toLowerCase();
    const named = files.filter((f) => f.toLowerCase().includes(needle));
    const nameRarity = 1 / Math.log2(1 + Math.max(1, named.length));
    for (const f of named) entry(f).tiers.names += kw.weight * nameRarity;
    if (!kw.searchContent) continue;
    const out = await git(['grep', '-I', '-i', '-c', '-F', '-e', kw.term, snapshot.ref, '--'], [1]);
    const matches = out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const rest = line.slice(snapshot.ref.length + 1);
        const i = rest.lastIndexOf(':');
        return { path: rest.slice(0, i), count: Number(rest.slice(i + 1)) };
      });
    const rarity = 1 / Math.log2(2 + matches.length);
    for (const m of matches) {
      const c = entry(m.path);
      c.hits[kw.term] = m.count;
      const add = kw.weight * rarity * (1 + Math.log2(m.count));
      if (kw.kind === 'word') c.tiers.words += add;
      else c.tiers.identifiers += add;
    }
  }

  const order: (keyof CandidateFile['tiers'])[] = ['frames', 'identifiers', 'names', 'words'];
  for (const c of byPath.values())
    c.score = Math.round(order.reduce((sum, k) => sum + c.tiers[k], 0) * 100) / 100;
  const candidates = [...byPath.values()]
    .filter((c) => c.score > 0)
    .sort((a, b) => {
      for (const k of order) if (b.tiers[k] !== a.tiers[k]) return b.tiers[k] - a.tiers[k];
      return a.path.localeCompare(b.path);
    })
    .slice(0, opts.limit ?? 8);
  return { candidates, files };
}
