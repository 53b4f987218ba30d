import autocannon from 'autocannon';
import type { Command } from 'commander';
import { createProject } from '../domain/projects/create-project.js';
import { withThrowawayServer } from './throwaway-server.js';
import { printJson } from '../cli/context.js';

/**
 * Accepted webhooks per second on embedded defaults over loopback: a fresh data directory, a real server
 * (workers on, as `serve` runs), and autocannon posting manual feedback with unique external ids.
 */
export function registerBenchWebhooks(bench: Command): void {
  bench
    .command('webhooks')
    .description('webhook ingestion throughput and latency on embedded defaults (loopback)')
    .option('--seconds <n>', 'how long to send', '20')
    .option('--connections <n>', 'concurrent connections', '10')
    .action(async (opts: { seconds: string; connections: string }) => {
      await withThrowawayServer(
        { env: { INGEST_RATE_LIMIT_PER_MINUTE: '100000000' }, workers: true },
        async (server) => {
          const project = await createProject(server.runtime.services.db.pool, { name: 'bench' });
          let n = 0;
          process.stderr.write(
            `sending for ${opts.seconds}s over ${opts.connections} connections to ${server.url}\n`,
          );
          const latencies: number[] = [];
          const result = await new Promise<autocannon.Result>((resolve, reject) => {
            const instance = autocannon(
              {
                url: server.url,
                duration: Number(opts.seconds),
                connections: Number(opts.connections),
                requests: [
                  {
                    method: 'POST',
                    path: `/ingest/manual?project_id=${project.id}`,
                    headers: {
                      'content-type': 'application/json',
                      authorization: `Bearer ${project.apiKey}`,
                    },
                    setupRequest: (req) => ({
                      ...req,
                      body: JSON.stringify({
                        title: `Checkout fails with error ${n % 97}`,
                        body: 'Steps to reproduce: open the cart and press pay.',
                        externalId: `bench-${n++}`,
                      }),
                    }),
                  },
                ],
              },
              (err, res) => (err ? reject(err) : resolve(res)),
            );
            instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
          });
          latencies.sort((a, b) => a - b);
          const pct = (p: number) =>
            Math.round(
              (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0) *
                100,
            ) / 100;
          const { rows } = await server.runtime.services.db.pool.query<{ n: number }>(
            'select count(*)::int as n from feedback_items where project_id = $1',
            [project.id],
          );
          printJson({
            seconds: Number(opts.seconds),
            connections: Number(opts.connections),
            requests: result.requests.total,
            accepted: result['2xx'],
            // requests still in flight when the clock stops are stored but not counted as answered

            non2xx: result.non2xx,
            errors: result.errors,
            stored: rows[0]?.n ?? 0,
            acceptedPerSecond: Math.round(result['2xx'] / Number(opts.seconds)),
            latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: result.latency.max },
          });
        },
      );
    });
}
