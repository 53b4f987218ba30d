// Wall time of `echo ok` through each remote runner against its local fake (median of 10 after a
// warm-up), next to a plain local bash spawn, so the runner's own overhead is visible.
// Usage: npx tsx bench/measure-runner-overhead.ts
import { spawnSync } from 'node:child_process';
import { parseConfig } from '../../config/config.js';
import type { Runner } from '../../domain/fixes/runner.js';
import { createRunner } from '../../domain/fixes/runners/create-runner.js';
import { createSilentLogger } from '../../lib/logger.js';
import { startFakeE2b } from '../../../test/fakes/e2b-server.js';
import { startFakeFargate } from '../../../test/fakes/fargate-server.js';
import { median, runScript } from '../../../test/runners/run-helpers.js';

const RUNS = 10;

async function measure(runner: Runner): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const { outcome, lines, ms } = await runScript(runner, 'echo ok', { jobId: `bench-${i}` });
    if (outcome.exitCode !== 0 || !lines.some((l) => l.stream === 'stdout' && l.line === 'ok'))
      throw new Error(`run ${i} failed: ${JSON.stringify({ outcome, lines })}`);
    if (i > 0) times.push(ms);
  }
  return times;
}

const bash: number[] = [];
for (let i = 0; i <= RUNS; i++) {
  const t = performance.now();
  spawnSync('bash', ['-c', 'echo ok']);
  if (i > 0) bash.push(performance.now() - t);
}

const e2b = await startFakeE2b({ apiKey: 'e2b_bench' });
const pollMs = Number(process.argv[2] ?? 25);
const fargate = await startFakeFargate({
  region: 'us-east-1',
  cluster: 'bench',
  startDelayMs: 0,
  taskDefinitions: [{ family: 'agent', containerName: 'agent', logGroup: '/bench', streamPrefix: 'sc' }],
});
const config = parseConfig({
  E2B_API_KEY: 'e2b_bench',
  E2B_API_URL: e2b.apiUrl,
  E2B_SANDBOX_URL: e2b.sandboxUrl,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: fargate.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: fargate.credentials.secretAccessKey,
  FARGATE_CLUSTER: 'bench',
  FARGATE_TASK_DEFINITION: 'agent',
  FARGATE_CONTAINER_NAME: 'agent',
  FARGATE_SUBNETS: 'subnet-1',
  FARGATE_LOG_GROUP: '/bench',
  FARGATE_LOG_STREAM_PREFIX: 'sc',
  FARGATE_POLL_INTERVAL_MS: String(pollMs),
  ECS_ENDPOINT: fargate.url,
  LOGS_ENDPOINT: fargate.url,
});
const logger = createSilentLogger();
try {
  const results = {
    'bash -c (no runner)': bash,
    e2b: await measure(createRunner({ name: 'e2b', config, logger })),
    [`fargate (poll ${pollMs} ms)`]: await measure(createRunner({ name: 'fargate', config, logger })),
  };
  for (const [name, times] of Object.entries(results))
    console.log(
      `${name.padEnd(24)} median ${median(times).toFixed(1)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
    );
} finally {
  await e2b.close();
  await fargate.close();
}
