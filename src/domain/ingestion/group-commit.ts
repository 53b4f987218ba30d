import { withTransaction, type Pool, type Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { ValidFeedbackItem } from '../feedback/feedback-item.js';
import type { ClusteringOutbox } from '../feedback/import-feedback.js';
import { newItemsByProject, storeFeedbackBatch } from '../feedback/store-feedback-batch.js';

/** One delivery, filtered and validated, ready to store. */
export interface PreparedIngest {
  projectId: string;
  /** the feedback source kind, as webhook_deliveries records it */
  kind: string;
  deliveryId?: string | undefined;
  items: ValidFeedbackItem[];
}

export interface CommittedIngest {
  status: 'accepted' | 'duplicate';
  reason?: string;
  items: { id: string; externalId: string; duplicate: boolean }[];
}

export type CommitIngest = (req: PreparedIngest) => Promise<CommittedIngest>;

export interface GroupCommitOptions {
  db: Pool;
  clock: Clock;
  outbox: ClusteringOutbox;
  logger: Logger;
  /** transactions in flight at once: 1 on PGlite (one connection), a few on PostgreSQL */
  maxInFlight: number;
  /** items per transaction; a bigger group waits for the next one */
  maxItems?: number;
  /** how long a lone delivery waits for company before its transaction starts */
  lingerMs?: number;
  /** runs the transaction ahead of background work (Database.inRequestLane): ingestion is request work */
  inRequestLane<T>(fn: () => T): T;
}

interface Waiting {
  req: PreparedIngest;
  resolve(result: CommittedIngest): void;
  reject(err: unknown): void;
}

const deliveryKey = (r: { projectId: string; kind: string; deliveryId?: string | undefined }) =>
  `${r.projectId}\u0000${r.kind}\u0000${r.deliveryId ?? ''}`;

/**
 * Group commit for ingestion: deliveries that arrive while a transaction is being written (or within
 * lingerMs of each other) are stored together in the next one — one statement for all their items, one
 * for their clustering jobs (the outbox: the same transaction), one for their delivery records. A caller
 * is answered only after the commit that holds its items, so an acknowledged delivery is durable; when a
 * group's transaction fails, each of its deliveries is retried alone, so one bad delivery fails only
 * itself.
 */
export class GroupCommitter {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxItems: number;
  private readonly lingerMs: number;

  constructor(private readonly opts: GroupCommitOptions) {
    this.maxItems = opts.maxItems ?? 1000;
    this.lingerMs = opts.lingerMs ?? 1;
  }

  readonly submit: CommitIngest = (req) =>
    new Promise((resolve, reject) => {
      this.waiting.push({ req, resolve, reject });
      this.schedule();
    });

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.opts.maxInFlight || this.waiting.length === 0) return;
    this.scheduled = true;
    // a short linger lets requests arriving in the same instant share the transaction
    setTimeout(() => {
      this.scheduled = false;
      this.startGroup();
    }, this.lingerMs);
  }

  private startGroup(): void {
    if (this.inFlight >= this.opts.maxInFlight || this.waiting.length === 0) return;
    const group: Waiting[] = [];
    let items = 0;
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      if (group.length > 0 && items + next.req.items.length > this.maxItems) break;
      group.push(this.waiting.shift()!);
      items += next.req.items.length;
    }
    this.inFlight++;
    void this.opts
      .inRequestLane(() => this.commitGroup(group))
      .finally(() => {
        this.inFlight--;
        this.schedule();
      });
    this.schedule();
  }

  private async commitGroup(group: Waiting[]): Promise<void> {
    try {
      const results = await this.write(group.map((w) => w.req));
      this.opts.outbox.committed();
      group.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (group.length === 1) {
        group[0]!.reject(err);
        return;
      }
      this.opts.logger.warn(
        { err, deliveries: group.length },
        'group commit failed; retrying each delivery alone',
      );
      for (const w of group) {
        try {
          const [result] = await this.write([w.req]);
          this.opts.outbox.committed();
          w.resolve(result!);
        } catch (alone) {
          w.reject(alone);
        }
      }
    }
  }

  /** One transaction for the whole group; results in the group's order. */
  private write(reqs: PreparedIngest[]): Promise<CommittedIngest[]> {
    return withTransaction(this.opts.db, async (tx) => {
      const seen = await seenDeliveries(tx, reqs);
      const fresh: number[] = [];
      reqs.forEach((r, i) => {
        if (r.deliveryId === undefined || !seen.has(deliveryKey(r))) {
          fresh.push(i);
          // the same delivery twice in one group: the first one counts
          if (r.deliveryId !== undefined) seen.add(deliveryKey(r));
        }
      });
      const entries = fresh.flatMap((i) =>
        reqs[i]!.items.map((item) => ({ projectId: reqs[i]!.projectId, item })),
      );
      const stored = await storeFeedbackBatch(tx, this.opts.clock.now(), entries);
      for (const [projectId, ids] of newItemsByProject(stored))
        await this.opts.outbox.enqueue(tx, projectId, ids);
      const results: CommittedIngest[] = reqs.map(() => ({
        status: 'duplicate',
        reason: 'this delivery was already received',
        items: [],
      }));
      let at = 0;
      const records = fresh.map((i) => {
        const req = reqs[i]!;
        const mine = stored.slice(at, at + req.items.length);
        at += req.items.length;
        const allDuplicate = mine.every((s) => s.duplicate);
        results[i] = {
          status: allDuplicate ? 'duplicate' : 'accepted',
          items: mine.map((s) => ({ id: s.id, externalId: s.externalId, duplicate: s.duplicate })),
        };
        return {
          project_id: req.projectId,
          source: req.kind,
          delivery_id: req.deliveryId ?? null,
          outcome: allDuplicate ? 'duplicate' : 'accepted',
          item_count: mine.filter((s) => !s.duplicate).length,
        };
      });
      if (records.length > 0)
        await tx.query(
          `insert into webhook_deliveries (project_id, source, delivery_id, outcome, item_count)
           select project_id, source, delivery_id, outcome, item_count
             from jsonb_to_recordset($1::jsonb)
               as x(project_id uuid, source text, delivery_id text, outcome text, item_count int)
           on conflict do nothing`,
          [JSON.stringify(records)],
        );
      return results;
    });
  }
}

/** Which of the group's vendor delivery ids were received before (one query for the whole group). */
async function seenDeliveries(tx: Queryable, reqs: PreparedIngest[]): Promise<Set<string>> {
  const keyed = reqs.filter((r) => r.deliveryId !== undefined);
  if (keyed.length === 0) return new Set();
  const { rows } = await tx.query<{ project_id: string; source: string; delivery_id: string }>(
    `select d.project_id, d.source, d.delivery_id from webhook_deliveries d
       join jsonb_to_recordset($1::jsonb) as x(project_id uuid, source text, delivery_id text)
         on d.project_id = x.project_id and d.source = x.source and d.delivery_id = x.delivery_id`,
    [
      JSON.stringify(
        keyed.map((r) => ({ project_id: r.projectId, source: r.kind, delivery_id: r.deliveryId })),
      ),
    ],
  );
  return new Set(
    rows.map((r) => deliveryKey({ projectId: r.project_id, kind: r.source, deliveryId: r.delivery_id })),
  );
}
