import { z } from 'zod';
import { recentClusterItems } from '../feedback/feedback-repository.js';
import type { Queryable } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';
import type { LanguageModel } from '../../llm/language-model.js';
import { readSummaryState, saveClusterSummary } from './cluster-repository.js';
import { cosine } from './embedder.js';
import { LocalEmbedder, tokenize } from './embedders/local-embedder.js';

const local = new LocalEmbedder(256);

export interface ExtractiveSummary {
  title: string;
  summary: string;
}

/**
 * The summary used when no LLM is configured, labelled `extractive`: the title of the most central report
 * (highest mean similarity to the others), the terms the reports share, the sources and time span, and a
 * few representative titles.
 */
export function extractiveSummary(
  items: { title: string; body: string; source: string; receivedAt: Date }[],
): ExtractiveSummary {
  const vectors = items.map((i) => local.embedOne(`${i.title}\n${i.body.slice(0, 500)}`));
  const centrality = vectors.map((v, i) =>
    vectors.reduce((sum, w, j) => (i === j ? sum : sum + cosine(v, w)), 0),
  );
  const order = items.map((_, i) => i).sort((a, b) => centrality[b]! - centrality[a]!);
  const central = items[order[0]!]!;
  const df = new Map<string, number>();
  for (const it of items)
    for (const t of new Set(tokenize(`${it.title} ${it.body.slice(0, 500)}`)))
      df.set(t, (df.get(t) ?? 0) + 1);
  const shared = [...df.entries()]
    .filter(([, n]) => items.length === 1 || n >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 8)
    .map(([t]) => t);
  const sources = [...new Set(items.map((i) => i.source))].sort();
  const times = items.map((i) => i.receivedAt.getTime());
  const span = `${new Date(Math.min(...times)).toISOString().slice(0, 10)} to ${new Date(Math.max(...times)).toISOString().slice(0, 10)}`;
  const examples = order
    .slice(1, 4)
    .map((i) => `- ${items[i]!.title}`)
    .join('\n');
  const summary = [
    `${items.length} report${items.length === 1 ? '' : 's'} from ${sources.join(', ')} (${span}).`,
    shared.length > 0 ? `Common terms: ${shared.join(', ')}.` : '',
    central.body
      ? `Most representative: "${central.title}": ${central.body.slice(0, 400).replace(/\s+/g, ' ').trim()}`
      : '',
    examples ? `Other reports:\n${examples}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return { title: central.title.slice(0, 200), summary };
}

const llmSummary = z.object({
  title: z.string().trim().min(3).max(200),
  summary: z.string().trim().min(10).max(4000),
});

export interface SummarizeDeps {
  db: Queryable;
  llm?: LanguageModel | undefined;
  logger?: Logger;
}

async function summarizeWithLlm(
  llm: LanguageModel,
  items: { title: string; body: string; source: string }[],
) {
  const reports = items
    .slice(0, 30)
    .map(
      (it, i) =>
        `${i + 1}. [${it.source}] ${it.title}${it.body ? ` :: ${it.body.slice(0, 300).replace(/\s+/g, ' ')}` : ''}`,
    )
    .join('\n');
  return llm.generateObject({
    system:
      'You triage user feedback for a software team. Given related reports, name the one underlying problem and describe it for the engineer who will fix it: what users experience, where, and any error details. Do not invent facts.',
    prompt: `${items.length} related reports:\n${reports}`,
    schema: llmSummary,
    schemaHint: '{"title": "short problem statement (max 120 chars)", "summary": "2-5 sentences"}',
  });
}

/**
 * Regenerates a cluster's title and summary unless nothing changed since the last one (the debounce).
 * With an LLM configured it writes the model's summary (kind `llm`); without one, or when the model fails,
 * the extractive summary (kind `extractive`).
 */
export async function summarizeCluster(
  deps: SummarizeDeps,
  projectId: string,
  clusterId: string,
): Promise<boolean> {
  const { db } = deps;
  const cluster = await readSummaryState(db, { projectId, clusterId });
  if (cluster === undefined || (cluster.summarizedAt !== null && cluster.summarizedAt >= cluster.updatedAt))
    return false;
  const items = await recentClusterItems(db, { projectId, clusterId });
  if (items.length === 0) return false;
  let s = extractiveSummary(items);
  let kind: 'llm' | 'extractive' = 'extractive';
  if (deps.llm) {
    try {
      s = await summarizeWithLlm(deps.llm, items);
      kind = 'llm';
    } catch (err) {
      deps.logger?.warn({ err, clusterId }, 'LLM summary failed; using the extractive summary');
    }
  }
  await saveClusterSummary(db, {
    projectId,
    clusterId,
    title: s.title,
    summary: s.summary,
    kind,
    model: kind === 'llm' ? deps.llm!.name : null,
  });
  return true;
}
