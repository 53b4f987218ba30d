// Dashboard first load in headless Chromium: navigation start → the clusters list rendered, cold cache
// (a fresh browser profile per run), median of N runs, against an embedded server holding a large project.
//   npx tsx bench/measure-dashboard-load.ts [--runs 5] [--clusters 10000] [--items 100000]
// Prints JSON on stdout; progress on stderr.
import { parseArgs } from 'node:util';
import { withThrowawayServer } from '../../bench/throwaway-server.js';
import { seedClusters } from '../../bench/seed-clusters.js';
import { createProject } from '../../domain/projects/create-project.js';
import { launchChromium } from '../../../test/e2e/browser.js';
import { buildWeb } from '../../../scripts/build-web.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    clusters: { type: 'string', default: '10000' },
    items: { type: 'string', default: '100000' },
  },
});
const runs = Number(values.runs);

// Records when the first cluster row appears, measured from navigation start (performance.now()'s origin).
const observeRows = `
  new MutationObserver((_, obs) => {
    if (document.querySelector('.clusters-table tbody tr')) {
      window.__rowsAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const round = (x: number) => Math.round(x * 10) / 10;

async function main() {
  await buildWeb({ ifStale: true });
  // local mode: the browser gets the local user's session on its first request, as on a laptop
  const env = { SOULCASTER_LOCAL_MODE: 'auto', GITHUB_CLIENT_ID: '', GITHUB_CLIENT_SECRET: '' };
  await withThrowawayServer({ env, workers: false }, async (server) => {
    const db = server.runtime.services.db.pool;
    const project = await createProject(db, { name: 'Load test', repo: 'acme/shop' });
    console.error(`seeding ${values.clusters} clusters / ${values.items} items…`);
    await seedClusters(db, project.id, { clusters: Number(values.clusters), items: Number(values.items) });

    const samples: Record<string, number>[] = [];
    for (let i = 0; i < runs; i++) {
      const browser = await launchChromium();
      try {
        await browser.context.addInitScript(observeRows);
        const page = await browser.context.newPage();
        await page.goto(`${server.url}/dashboard/clusters`);
        // a function, not a string: the dashboard's CSP forbids eval
        await page.waitForFunction(
          () => (globalThis as { __rowsAt?: number }).__rowsAt !== undefined,
          undefined,
          {
            timeout: 60_000,
          },
        );
        const m = (await page.evaluate(`(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const res = performance.getEntriesByType('resource');
          // stable names: ids and content hashes out
          const name = (r) => new URL(r.name).pathname.replace(/[0-9a-f-]{36}/, ':id').replace(/-[A-Za-z0-9_-]{8}[.]/, '.');
          return {
            clustersRendered: window.__rowsAt,
            htmlResponseEnd: nav.responseEnd,
            domContentLoaded: nav.domContentLoadedEventEnd,
            load: nav.loadEventEnd,
            requests: res.length + 1,
            transferKb: (nav.transferSize + res.reduce((a, r) => a + r.transferSize, 0)) / 1024,
            ...Object.fromEntries(res.flatMap((r) => [
              [name(r) + ' start', r.startTime],
              [name(r) + ' end', r.responseEnd],
              [name(r) + ' kb', r.transferSize / 1024],
            ])),
          };
        })()`)) as Record<string, number>;
        samples.push(m);
        console.error(`run ${i + 1}: clusters list rendered after ${round(m.clustersRendered ?? 0)} ms`);
      } finally {
        await browser.close();
      }
    }
    const keys = Object.keys(samples[0] ?? {});
    console.log(
      JSON.stringify(
        {
          runs,
          clusters: Number(values.clusters),
          items: Number(values.items),
          coldCache: true,
          medianMs: Object.fromEntries(keys.map((k) => [k, round(median(samples.map((s) => s[k] ?? 0)))])),
          clustersRenderedMs: samples.map((s) => round(s.clustersRendered ?? 0)),
        },
        null,
        2,
      ),
    );
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
