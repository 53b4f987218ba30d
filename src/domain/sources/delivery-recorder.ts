import type { Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SourceKind } from '../ingestion/vendors/registry.js';
import type { DeliveryOutcome } from './source.js';
import { recordSourceDelivery } from './source-repository.js';

type Target = { projectId: string; sourceId: string } | { projectId: string; kind: SourceKind };

/** how long a source's shown delivery may lag behind a burst of same-outcome deliveries */
const QUIET_MS = 5_000;
const MAX_TRACKED = 10_000;

/**
 * Writes "last delivery" onto sources without a write per delivery: a burst of deliveries with the same
 * outcome is recorded at most once every few seconds per source, a change of outcome at once.
 */
export class DeliveryRecorder {
  private readonly written = new Map<string, { outcome: DeliveryOutcome; at: number }>();

  constructor(private readonly deps: { db: Queryable; clock: Clock }) {}

  async record(target: Target, delivery: { outcome: DeliveryOutcome; detail: string | null }): Promise<void> {
    const key = 'sourceId' in target ? `s:${target.sourceId}` : `k:${target.projectId}:${target.kind}`;
    const now = this.deps.clock.now().getTime();
    const last = this.written.get(key);
    if (last !== undefined && last.outcome === delivery.outcome && now - last.at < QUIET_MS) return;
    if (this.written.size >= MAX_TRACKED) this.written.clear();
    this.written.set(key, { outcome: delivery.outcome, at: now });
    await recordSourceDelivery(this.deps.db, target, {
      outcome: delivery.outcome,
      detail: delivery.detail?.slice(0, 500) ?? null,
    });
  }
}
