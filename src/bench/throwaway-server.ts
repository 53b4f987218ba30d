import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type ConfigInput } from '../config/config.js';
import { createLogger } from '../lib/logger.js';
import { startServer, type RunningServer } from '../server.js';

/**
 * Benchmarks measure a real `serve` on embedded defaults: a fresh data directory, a random loopback port,
 * quiet logs. The server is shut down and its directory removed however `use` ends.
 */
export async function withThrowawayServer<T>(
  opts: { env?: ConfigInput; workers: boolean },
  use: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sc-bench-'));
  try {
    const config = loadConfig({
      SOULCASTER_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      ...opts.env,
    });
    const server = await startServer({
      config,
      logger: createLogger({ level: 'error' }),
      workers: opts.workers,
    });
    try {
      return await use(server);
    } finally {
      await server.shutdown();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
