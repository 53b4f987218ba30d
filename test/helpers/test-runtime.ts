import { parseConfig, type Config, type ConfigInput } from '../../src/config/config.js';
import { buildApp, type App } from '../../src/http/app.js';
import { createSilentLogger } from '../../src/lib/logger.js';
import type { Clock } from '../../src/lib/clock.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_SECRET_KEY = '0'.repeat(63) + '1';

export function testConfig(env: ConfigInput = {}): Config {
  return parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SOULCASTER_LOCAL_MODE: 'off',
    SOULCASTER_SECRET_KEY: TEST_SECRET_KEY,
    ...env,
  });
}

export interface TestRuntime extends Runtime {
  db: TestDatabase;
  app: App;
}

/** A full runtime (own database, queue, optional workers) plus the HTTP app, for inject() tests. */
export async function createTestRuntime(
  opts: { env?: ConfigInput; workers?: boolean; clock?: Clock } = {},
): Promise<TestRuntime> {
  const db = await createTestDatabase();
  const runtime = await createRuntime({
    config: testConfig(opts.env),
    logger: createSilentLogger(),
    workers: opts.workers ?? false,
    db,
    pollingIntervalSeconds: 0.5,
    // cron jobs fire on minute boundaries, racing whatever a test is doing; tests send them explicitly
    schedules: false,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const app = await buildApp(runtime.services);
  return {
    ...runtime,
    db,
    app,
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}
