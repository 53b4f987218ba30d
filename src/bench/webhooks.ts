import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { createProject } from '../domain/projects/create-project.js';
import { measureRawEngineRate } from './raw-engine-rate.js';
import { previousFigures } from './previous-figures.js';
import { runLoad } from './run-load.js';
import { withThrowawayServer } from './throwaway-server.js';
import { printJson } from '../cli/context.js';

const percentile = (sorted: number[], p: number) =>
  Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** every accepted item must be stored and clustered within this long after the last request */
const SETTLE_SECONDS = 60;

/**
 * Accepted webhooks per second on a real server (workers on, as `serve` runs them) over loopback: a fresh
 * data directory (or DATABASE_URL), a load generator in its own thread posting manual feedback with
 * unique external ids. Then every 2xx is checked: stored, and clustered within 60 s. The raw engine's
 * rate for the same writes is measured in the same run, and the figures docs/PERFORMANCE.md recorded
 * last are printed beside the new ones.
 */
export function registerBenchWebhooks(bench: Command): void {
  bench
    .command('webhooks')
    .description('webhook ingestion throughput, latency and losses on a real server (loopback)')
    .option('--seconds <n>', 'how long to send', '20')
    .option('--connections <n>', 'concurrent connections', '10')
    .option('--raw-seconds <n>', 'how long to measure the raw engine rate (each of two modes)', '5')
    .action(async (opts: { seconds: string; connections: string; rawSeconds: string }) => {
      const seconds = Number(opts.seconds);
      const connections = Number(opts.connections);
      const url = loadConfig().database.url;
      const engine = url === undefined ? 'pglite' : 'postgres';
      process.stderr.write(`measuring the raw ${engine} rate (${opts.rawSeconds}s per mode)…\n`);
      const raw = await measureRawEngineRate({ url, seconds: Number(opts.rawSeconds) });
      await withThrowawayServer(
        { env: { INGEST_RATE_LIMIT_PER_MINUTE: '100000000' }, workers: true },
        async (server) => {
          const db = server.runtime.services.db.pool;
          const project = await createProject(db, { name: 'bench' });
          process.stderr.write(`sending for ${seconds}s over ${connections} connections to ${server.url}\n`);
          const load = await runLoad({
            url: server.url,
            path: `/ingest/manual?project_id=${project.id}`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${project.apiKey}` },
            seconds,
            connections,
            prefix: 'bench',
          });
          const ended = performance.now();
          process.stderr.write(
            `checking that all ${load.acceptedIds.length} accepted items are clustered…\n`,
          );
          const check = async () => {
            const { rows } = await db.query<{ stored: number; clustered: number }>(
              `select count(*)::int as stored, count(cluster_id)::int as clustered from feedback_items
                where project_id = $1 and source = 'manual' and external_id = any($2::text[])`,
              [project.id, load.acceptedIds],
            );
            return rows[0] ?? { stored: 0, clustered: 0 };
          };
          let status = await check();
          while (
            status.clustered < load.acceptedIds.length &&
            performance.now() - ended < SETTLE_SECONDS * 1000
          ) {
            await sleep(500);
            status = await check();
          }
          const settled = status.clustered === load.acceptedIds.length;
          const latencies = [...load.latenciesMs].sort((a, b) => a - b);
          const acceptedPerSecond = Math.round(load.acceptedIds.length / seconds);
          printJson({
            engine,
            seconds,
            connections,
            requests: load.requests,
            accepted: load.acceptedIds.length,
            statuses: load.statuses,
            errors: load.errors,
            acceptedPerSecond,
            latencyMs: {
              p50: percentile(latencies, 50),
              p95: percentile(latencies, 95),
              p99: percentile(latencies, 99),
              max: percentile(latencies, 100),
            },
            // an accepted item not stored, or not clustered within SETTLE_SECONDS of the end, is lost
            lost: load.acceptedIds.length - status.stored,
            unclusteredAfterSettle: status.stored - status.clustered,
            clusteredAllWithinSeconds: settled ? Math.round((performance.now() - ended) / 100) / 10 : null,
            rawEngine: raw,
            ofRawTransactionRate: Math.round((acceptedPerSecond / raw.transactionsPerSecond) * 100) / 100,
            previous: await previousFigures(`webhooks:${engine}`),
          });
        },
      );
    });
}
