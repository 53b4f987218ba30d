import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PglitePool } from '../../src/db/pglite-pool.js';

let pglite: PGlite;
let pool: PglitePool;

beforeAll(async () => {
  pglite = await PGlite.create();
  pool = new PglitePool(pglite);
});
afterAll(() => pglite.close());

describe('PglitePool lanes', () => {
  it('lets request-path queries go before queued background work', async () => {
    const order: string[] = [];
    // background work holds the connection (a transaction in flight) while more queues up behind it
    const held = await pool.connect();
    const background = [1, 2, 3].map((n) =>
      pool.query(`select ${n}`).then(() => void order.push(`background ${n}`)),
    );
    const request = pool.runInLane('request', () =>
      pool.query('select 0').then(() => void order.push('request')),
    );
    held.release();
    await Promise.all([...background, request]);
    expect(order).toEqual(['request', 'background 1', 'background 2', 'background 3']);
  });

  it('still gives background work a turn during a sustained stream of requests', async () => {
    const order: string[] = [];
    const held = await pool.connect();
    const background = pool.query('select 1').then(() => void order.push('background'));
    const requests = Array.from({ length: 40 }, (_, i) =>
      pool.runInLane('request', () => pool.query('select 1').then(() => void order.push(`r${i}`))),
    );
    held.release();
    await Promise.all([background, ...requests]);
    const at = order.indexOf('background');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThanOrEqual(16);
  });
});
