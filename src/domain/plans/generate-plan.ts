import type { Queryable } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';
import type { LanguageModel } from '../../llm/language-model.js';
import { findClusterBrief } from '../clustering/cluster-repository.js';
import { notFound } from '../errors.js';
import { recentClusterItems } from '../feedback/feedback-repository.js';
import { cloneUrl } from '../repos/git-auth.js';
import { explainFetchFailure } from '../repos/explain-fetch-failure.js';
import { syncRepoCache, type RepoSnapshot } from '../repos/sync-repo-cache.js';
import { extractKeywords } from './extract-keywords.js';
import { extractStackFrames } from './extract-stack-frames.js';
import { dedupePlanFiles } from './dedupe-plan-files.js';
import { heuristicPlan, type PlanInput } from './heuristic-plan.js';
import type { CodingPlan } from './plan.js';
import { savePlan } from './plan-repository.js';
import { rankCandidateFiles } from './rank-candidate-files.js';
import { readSnippets } from './read-snippets.js';
import { refinePlanWithLlm } from './refine-plan-with-llm.js';

export interface GeneratePlanDeps {
  db: Queryable;
  llm: LanguageModel | undefined;
  logger: Logger;
  repos: {
    /** where shallow snapshots are cached (under the data directory) */
    cacheDir: string;
    gitUrl: string;
    gitPath?: string;
  };
}

const errorLine = /\b([A-Z][A-Za-z]*(?:Error|Exception)\b[^\n]{0,160})/;

/**
 * (Re)generates a cluster's coding plan, grounded in its repository: a fresh shallow snapshot of the
 * default branch, the files its feedback's stack traces name, and `git grep` for the feedback's terms.
 * With a language model configured the grounded draft is refined (kind `llm`); without one, or when the
 * model fails, the draft is the plan (kind `heuristic`). A repository that cannot be fetched is an error
 * (502), not a silently ungrounded plan.
 */
export async function generatePlan(
  deps: GeneratePlanDeps,
  projectId: string,
  clusterId: string,
  opts: {
    token?: string | undefined;
    /** whose token it is, in words, for the error when the repository cannot be fetched */
    tokenSource?: string | undefined;
    /** a fix's signal: its cancel and time limit stop the fetch */
    signal?: AbortSignal | undefined;
  } = {},
): Promise<CodingPlan> {
  const { db } = deps;
  const cluster = await findClusterBrief(db, { projectId, clusterId });
  if (cluster === undefined) throw notFound('cluster');
  const items = await recentClusterItems(db, { projectId, clusterId });
  const frames = extractStackFrames(items);
  const keywords = extractKeywords(cluster.title, items);

  let snapshot: RepoSnapshot | undefined;
  let ranked: Awaited<ReturnType<typeof rankCandidateFiles>> = { candidates: [], files: [] };
  if (cluster.repo) {
    const repo = cluster.repo;
    snapshot = await syncRepoCache({
      cacheDir: deps.repos.cacheDir,
      gitUrl: deps.repos.gitUrl,
      repo,
      signal: opts.signal,
      ...(opts.token ? { token: opts.token } : {}),
      ...(deps.repos.gitPath ? { path: deps.repos.gitPath } : {}),
    }).catch((err: unknown) => {
      throw explainFetchFailure(err, {
        repo,
        url: cloneUrl(deps.repos.gitUrl, repo),
        token: opts.token ? (opts.tokenSource ?? 'the GitHub token') : undefined,
      });
    });
    ranked = await rankCandidateFiles({
      snapshot,
      frames,
      keywords,
      ...(deps.repos.gitPath ? { gitPath: deps.repos.gitPath } : {}),
    });
  }
  const input: PlanInput = {
    clusterTitle: cluster.title,
    clusterSummary: cluster.summary,
    itemCount: items.length,
    sources: [...new Set(items.map((i) => i.source))].sort(),
    errorLine: items.map((i) => errorLine.exec(`${i.title}\n${i.body}`)?.[1]).find(Boolean),
    repo: cluster.repo,
    commitSha: snapshot?.commitSha ?? null,
    candidates: ranked.candidates,
  };
  const draft = heuristicPlan(input);
  let plan = { ...draft, kind: 'heuristic' as 'heuristic' | 'llm', model: null as string | null };
  if (deps.llm) {
    try {
      const refined = await refinePlanWithLlm(deps.llm, {
        ...input,
        reports: items.map((i) => ({ source: i.source, title: i.title, body: i.body })),
        snippets: snapshot ? await readSnippets(snapshot, ranked.candidates, deps.repos.gitPath) : {},
        draft,
        repoFiles: new Set(ranked.files),
      });
      plan = { ...refined, kind: 'llm', model: deps.llm.name };
    } catch (err) {
      deps.logger.warn({ err, clusterId }, 'LLM plan failed; keeping the heuristic plan');
    }
  }
  return savePlan(db, {
    projectId,
    clusterId,
    plan: {
      ...plan,
      files: dedupePlanFiles(plan.files),
      repo: cluster.repo,
      commitSha: snapshot?.commitSha ?? null,
    },
  });
}
