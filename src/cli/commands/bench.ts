import type { Command } from 'commander';
import { registerBenchClustering } from '../../bench/clustering.js';
import { registerBenchClustersApi } from '../../bench/clusters-api.js';
import { registerBenchWebhooks } from '../../bench/webhooks.js';

/**
 * `soulcaster bench <name>`: throughput/latency benchmarks. Each benchmark is a file
 * src/bench/<name>.ts exporting a register function, listed here; benchmark code lives in src/bench/
 */
const benchmarks: ((bench: Command) => void)[] = [
  registerBenchWebhooks,
  registerBenchClustering,
  registerBenchClustersApi,
];

export function registerBench(program: Command): void {
  const bench = program.command('bench').description('throughput and latency benchmarks (JSON on stdout)');
  for (const register of benchmarks) register(bench);
}
