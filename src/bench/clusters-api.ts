import type { Command } from 'commander';
import { seedClusters } from './seed-clusters.js';
import { createProject } from '../domain/projects/create-project.js';
import { withThrowawayServer } from './throwaway-server.js';
import { printJson } from '../cli/context.js';

/** The list views the dashboard asks for: every sort, with and without filters and search. */
const variants: Record<string, string> = {
  priority: 'sort=priority',
  'status=new,priority': 'status=new&sort=priority',
  last_seen: 'sort=last_seen',
  size: 'sort=size',
  created: 'sort=created',
  'status=new': 'status=new&sort=last_seen',
  'status=resolved,size': 'status=resolved&sort=size',
  'source=sentry': 'source=sentry&sort=last_seen',
  'source=splunk,size': 'source=splunk&sort=size',
  'q=checkout': 'q=checkout&sort=last_seen',
  'q=csv,status=new': 'q=csv&status=new&sort=size',
  'q=no-match': 'q=zzzz-nothing&sort=last_seen',
};

const percentile = (sorted: number[], p: number) =>
  Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 100) / 100;

/**
 * GET /api/projects/:id/clusters latency on embedded defaults with a large project: clusters and items
 * seeded by bulk SQL, then sequential requests over loopback, each variant on page one and (following
 * nextCursor) page three, 25 per page as the dashboard asks.
 */
export function registerBenchClustersApi(bench: Command): void {
  bench
    .command('clusters-api')
    .description('clusters list API latency with a large project (10k clusters / 100k items by default)')
    .option('--clusters <n>', 'clusters to seed', '10000')
    .option('--items <n>', 'feedback items to seed', '100000')
    .option('--requests <n>', 'measured requests', '200')
    .action(async (opts: { clusters: string; items: string; requests: string }) => {
      await withThrowawayServer({ env: { SOULCASTER_LOCAL_MODE: 'off' }, workers: false }, async (server) => {
        const db = server.runtime.services.db.pool;
        const project = await createProject(db, { name: 'bench clusters' });
        process.stderr.write(`seeding ${opts.clusters} clusters / ${opts.items} items…\n`);
        const seedStart = performance.now();
        await seedClusters(db, project.id, { clusters: Number(opts.clusters), items: Number(opts.items) });
        const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
        const headers = { authorization: `Bearer ${project.apiKey}` };
        const base = `${server.url}/api/projects/${project.id}/clusters?limit=25&`;

        const timed = async (query: string) => {
          const t = performance.now();
          const res = await fetch(base + query, { headers });
          const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
          const ms = performance.now() - t;
          if (res.status !== 200) throw new Error(`${query}: HTTP ${res.status} ${JSON.stringify(body)}`);
          return { ms, body };
        };
        // a page-three request needs the cursor from page two; fetch those once, unmeasured
        const plan: { variant: string; query: string }[] = [];
        for (const [name, q] of Object.entries(variants)) {
          plan.push({ variant: `${name} p1`, query: q });
          const p1 = await timed(q);
          const p2 = p1.body.nextCursor ? await timed(`${q}&cursor=${p1.body.nextCursor}`) : undefined;
          if (p2?.body.nextCursor)
            plan.push({ variant: `${name} p3`, query: `${q}&cursor=${p2.body.nextCursor}` });
        }
        for (let i = 0; i < 10; i++) await timed(plan[i % plan.length]!.query); // warm-up

        const total = Number(opts.requests);
        const all: number[] = [];
        const byVariant = new Map<string, number[]>();
        process.stderr.write(`measuring ${total} requests over ${plan.length} variants…\n`);
        for (let i = 0; i < total; i++) {
          const step = plan[i % plan.length]!;
          const { ms } = await timed(step.query);
          all.push(ms);
          byVariant.set(step.variant, [...(byVariant.get(step.variant) ?? []), ms]);
        }
        all.sort((a, b) => a - b);
        printJson({
          clusters: Number(opts.clusters),
          items: Number(opts.items),
          seedSeconds,
          requests: total,
          pageSize: 25,
          latencyMs: {
            p50: percentile(all, 50),
            p95: percentile(all, 95),
            p99: percentile(all, 99),
            max: percentile(all, 100),
          },
          byVariant: Object.fromEntries(
            [...byVariant].map(([k, v]) => {
              const s = [...v].sort((a, b) => a - b);
              return [k, { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95) }];
            }),
          ),
        });
      });
    });
}
