import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import { findItemTexts } from '../feedback/feedback-repository.js';
import { scrubSecrets } from '../../lib/scrub.js';
import type { LanguageModel } from '../../llm/language-model.js';
import type { Assignment } from './decide-assignment.js';

export interface BorderlineCheckConfig {
  llm: LanguageModel;
  /** scores within ± band of the threshold are borderline */
  band: number;
  maxPerHour: number;
}

export interface Verdict {
  same: boolean;
  reason: string;
}

/** The pair a borderline decision hinges on: the report and the nearest member of the candidate cluster. */
export interface BorderlinePair {
  otherItemId: string;
  clusterId: string;
  /** would the rule join without the LLM */
  joins: boolean;
}

/**
 * A decision is borderline when it joins with a score below threshold + band, or when the best cluster
 * missed the threshold by less than the band. Returns the pair to ask about, or undefined.
 */
export function borderlinePair(
  decision: Assignment,
  threshold: number,
  band: number,
): BorderlinePair | undefined {
  if (decision.kind === 'join')
    return decision.similarity < threshold + band
      ? { otherItemId: decision.nearestItemId, clusterId: decision.clusterId, joins: true }
      : undefined;
  const c = decision.bestCluster;
  return c && c.score >= threshold - band
    ? { otherItemId: c.nearestItemId, clusterId: c.clusterId, joins: false }
    : undefined;
}

const answer = z.object({ same: z.boolean(), reason: z.string().trim().min(1).max(500) });

const describe = (it: { title: string; body: string }) =>
  scrubSecrets(`${it.title}\n${it.body.slice(0, 800)}`.replace(/[ \t]+/g, ' ').trim());

/** The cached verdict on a pair, if the LLM was asked about it before. */
export async function cachedVerdict(
  db: Queryable,
  projectId: string,
  itemId: string,
  otherItemId: string,
): Promise<Verdict | undefined> {
  const { rows } = await db.query<Verdict>(
    'select same, reason from clustering_llm_checks where project_id = $1 and item_id = $2 and other_item_id = $3',
    [projectId, itemId, otherItemId],
  );
  return rows[0];
}

/**
 * Asks the LLM whether two reports describe the same underlying problem and stores the answer with its
 * reason (the cache). Returns undefined, and the threshold alone decides, when the hourly cap is reached
 * or the LLM fails (a borderline report must still be clustered).
 */
export async function checkBorderline(
  db: Queryable,
  cfg: BorderlineCheckConfig,
  projectId: string,
  itemId: string,
  otherItemId: string,
): Promise<Verdict | undefined> {
  const cached = await cachedVerdict(db, projectId, itemId, otherItemId);
  if (cached) return cached;
  // the database's clock: the window is measured against created_at, which the database stamps
  const { rows: recent } = await db.query<{ n: number }>(
    `select count(*)::int as n from clustering_llm_checks where created_at > now() - interval '1 hour'`,
  );
  if ((recent[0]?.n ?? 0) >= cfg.maxPerHour) return undefined;
  const items = await findItemTexts(db, { projectId, itemIds: [itemId, otherItemId] });
  const a = items.find((i) => i.id === itemId);
  const b = items.find((i) => i.id === otherItemId);
  if (!a || !b) return undefined;
  const verdict = await cfg.llm
    .generateObject({
      system:
        'You triage user feedback for a software team. Decide whether two reports describe the same underlying problem or request: the same bug, or the same missing feature, that one fix would resolve. Reports about the same area but different problems are not the same. Answer in JSON.',
      prompt: `Report A:\n${describe(a)}\n\nReport B:\n${describe(b)}\n\nSame underlying problem?`,
      schema: answer,
      schemaHint: '{"same": true or false, "reason": "one sentence"}',
    })
    .catch(() => undefined);
  if (!verdict) return undefined;
  await db.query(
    `insert into clustering_llm_checks (project_id, item_id, other_item_id, same, reason, model)
     values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
    [projectId, itemId, otherItemId, verdict.same, verdict.reason, cfg.llm.name],
  );
  return verdict;
}

/** The decision after the LLM's verdict on its borderline pair: join when same, stay apart when not. */
export function applyVerdict(decision: Assignment, pair: BorderlinePair, verdict: Verdict): Assignment {
  if (verdict.same && !pair.joins) {
    const c = decision.kind === 'join' ? undefined : decision.bestCluster;
    if (!c) return decision;
    return {
      kind: 'join',
      clusterId: c.clusterId,
      similarity: c.score,
      nearestItemId: c.nearestItemId,
      nearestSimilarity: c.nearestSimilarity,
    };
  }
  if (!verdict.same && pair.joins)
    return {
      kind: 'single',
      similarity: decision.kind === 'join' ? decision.nearestSimilarity : null,
      nearestItemId: pair.otherItemId,
    };
  return decision;
}
