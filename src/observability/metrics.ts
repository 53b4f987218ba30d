import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queryable } from '../db/database.js';

export type IngestOutcome = 'accepted' | 'duplicate' | 'ignored' | 'rejected';

/**
 * The process's Prometheus metrics, in its own registry (no global state). Counters and histograms count
 * what this process did; the queue and fix gauges are read from the database when scraped, so every API
 * replica reports the same numbers for them (aggregate those with max, not sum).
 */
export interface Metrics {
  registry: Registry;
  ingestDeliveries: Counter<'source' | 'outcome'>;
  ingestItems: Counter<'source' | 'outcome'>;
  clusteringSeconds: Histogram<'decision'>;
  httpSeconds: Histogram<'method' | 'route' | 'status_code'>;
}

/**
 * What the gauges read that belongs to layers above this one, handed in by the runtime: the queue names
 * (the job catalog) and fix attempts by status in every project (the fixes repository's count).
 */
export interface MetricsSources {
  queueNames: readonly string[];
  countFixes(): Promise<{ status: string; n: number }[]>;
}

export function createMetrics(db: Queryable, sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'soulcaster_' });
  const ingestDeliveries = new Counter({
    name: 'soulcaster_ingest_deliveries_total',
    help: 'Webhook and push deliveries by source and outcome (rejected: refused with a 4xx/5xx)',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const ingestItems = new Counter({
    name: 'soulcaster_ingest_items_total',
    help: 'Feedback items in accepted deliveries by source: stored, or duplicate of one already stored',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const clusteringSeconds = new Histogram({
    name: 'soulcaster_clustering_duration_seconds',
    help: 'Time to cluster one feedback item (embed, search, decide, assign) in this process',
    labelNames: ['decision'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const httpSeconds = new Histogram({
    name: 'soulcaster_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'soulcaster_queue_jobs',
    help: 'Jobs in the durable queue by job kind and state (created and retry are waiting, active are running)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      const { rows } = await db.query<{ name: string; state: string; n: string }>(
        `select name, state::text as state, count(*) as n from pgboss.job
          where state in ('created', 'retry', 'active') group by name, state`,
      );
      this.reset();
      for (const queue of sources.queueNames)
        for (const state of ['created', 'retry', 'active']) this.set({ queue, state }, 0);
      for (const r of rows) this.set({ queue: r.name, state: r.state }, Number(r.n));
    },
  });
  new Gauge({
    name: 'soulcaster_fixes',
    help: 'Fix attempts by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const rows = await sources.countFixes();
      this.reset();
      for (const state of ['pending', 'running', 'success', 'failed', 'cancelled']) this.set({ state }, 0);
      for (const r of rows) this.set({ state: r.status }, Number(r.n));
    },
  });
  return { registry, ingestDeliveries, ingestItems, clusteringSeconds, httpSeconds };
}
