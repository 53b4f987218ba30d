import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

const TOKEN = 'metrics-token-0123456789';
let loopback: TestRuntime;
let exposed: TestRuntime;
let project: { id: string; apiKey: string };

beforeAll(async () => {
  // HOST on loopback: /metrics answers without a token
  loopback = await createTestRuntime({ env: { HOST: '127.0.0.1' }, workers: true });
  // bound to every interface: /metrics needs the token
  exposed = await createTestRuntime({ env: { HOST: '0.0.0.0', SOULCASTER_METRICS_TOKEN: TOKEN } });
  project = await createProject(loopback.db.pool, { name: 'metrics' });
});
afterAll(async () => {
  await loopback.close();
  await exposed.close();
});

const sample = (text: string, name: string, labels: Record<string, string>) => {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && want.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

describe('readiness and liveness', () => {
  it('/healthz is liveness: it answers without asking the database, with the version', async () => {
    const res = await loopback.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('/readyz is ready when the database answers and has every migration, 503 when one is missing', async () => {
    const ready = await loopback.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'reachable', pendingMigrations: [] });

    // as after deploying code whose migration has not run yet
    const { rows } = await exposed.db.pool.query<{ name: string }>(
      'delete from schema_migrations where name = (select max(name) from schema_migrations) returning name',
    );
    const behind = await exposed.app.inject({ method: 'GET', url: '/readyz' });
    expect(behind.statusCode).toBe(503);
    expect(behind.json()).toEqual({
      status: 'not_ready',
      database: 'reachable',
      pendingMigrations: [rows[0]!.name],
    });
  });
});

describe('GET /metrics', () => {
  it('counts ingests by source and outcome, queue depth, clustering latency, fixes and HTTP latency', async () => {
    const ingest = (externalId: string) =>
      loopback.app.inject({
        method: 'POST',
        url: `/ingest/manual?project_id=${project.id}`,
        headers: { authorization: `Bearer ${project.apiKey}`, 'content-type': 'application/json' },
        payload: { title: 'Export button does nothing', externalId },
      });
    expect((await ingest('m1')).statusCode).toBe(202);
    expect((await ingest('m1')).statusCode).toBe(200);
    const refused = await loopback.app.inject({
      method: 'POST',
      url: `/ingest/manual?project_id=${project.id}`,
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      payload: { title: 'x' },
    });
    expect(refused.statusCode).toBe(401);
    // the worker clusters the stored item
    for (let i = 0; i < 100; i++) {
      const { rows } = await loopback.db.pool.query(
        'select 1 from feedback_items where project_id = $1 and cluster_id is not null',
        [project.id],
      );
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    const res = await loopback.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(
      sample(text, 'soulcaster_ingest_deliveries_total', { source: 'manual', outcome: 'accepted' }),
    ).toBe(1);
    expect(
      sample(text, 'soulcaster_ingest_deliveries_total', { source: 'manual', outcome: 'duplicate' }),
    ).toBe(1);
    expect(
      sample(text, 'soulcaster_ingest_deliveries_total', { source: 'manual', outcome: 'rejected' }),
    ).toBe(1);
    expect(sample(text, 'soulcaster_ingest_items_total', { source: 'manual', outcome: 'stored' })).toBe(1);
    expect(sample(text, 'soulcaster_clustering_duration_seconds_count', { decision: 'single' })).toBe(1);
    expect(sample(text, 'soulcaster_queue_jobs', { queue: 'cluster-feedback-item', state: 'created' })).toBe(
      0,
    );
    expect(sample(text, 'soulcaster_fixes', { state: 'running' })).toBe(0);
    expect(
      sample(text, 'soulcaster_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/ingest/manual',
        status_code: '202',
      }),
    ).toBe(1);
    expect(text).toContain('soulcaster_process_resident_memory_bytes');
  });

  it('outside loopback it needs the token, compared in full', async () => {
    expect((await exposed.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await exposed.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await exposed.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('# TYPE soulcaster_queue_jobs gauge');
  });

  it('is off outside loopback without a token', async () => {
    const rt = await createTestRuntime({ env: { HOST: '0.0.0.0' } });
    try {
      expect((await rt.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await rt.close();
    }
  });
});

describe('logs', () => {
  it('are JSON lines off a terminal; one line per request, at debug, with URL credentials redacted', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const requestLines = async (level: string) => {
      lines.length = 0;
      const app = await buildApp({
        ...loopback.services,
        logger: createLogger({ level, destination: sink }),
      });
      try {
        await app.inject({ method: 'GET', url: '/healthz?token=s3cr3t-value' });
      } finally {
        await app.close();
      }
      return lines.map((l) => JSON.parse(l) as { level: number; msg: string; url?: string });
    };
    expect((await requestLines('info')).filter((l) => l.msg === 'request')).toEqual([]);
    const debug = (await requestLines('debug')).filter((l) => l.msg === 'request');
    expect(debug).toHaveLength(1);
    expect(debug[0]).toMatchObject({ level: 20, statusCode: 200 });
    expect(debug[0]!.url).toMatch(/^\/healthz\?token=/);
    expect(JSON.stringify(debug)).not.toContain('s3cr3t-value');
  });
});
