import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/domain/errors.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  // Routes that exist only to exercise the error handler's mapping.
  rt.app.get('/test/app-error', async () => {
    throw new AppError('invalid_state', 'cluster is already being fixed');
  });
  rt.app.get('/test/crash', async () => {
    throw new Error('secret internal detail');
  });
  rt.app.post('/test/validate', { schema: { body: z.object({ name: z.string().min(2) }) } }, async (req) => ({
    ok: req.body.name,
  }));
});
afterAll(() => rt.close());

describe('http app', () => {
  it('answers /healthz with the database engine', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: rt.db.engine });
  });

  it('maps AppError codes to their status with the JSON error body', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/test/app-error' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      error: { code: 'invalid_state', message: 'cluster is already being fixed' },
    });
  });

  it('turns unknown errors into a generic 500 without leaking the message', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/test/crash' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(res.body).not.toContain('secret internal detail');
  });

  it('reports schema validation failures as 400 validation_failed', async () => {
    const res = await rt.app.inject({ method: 'POST', url: '/test/validate', payload: { name: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });

  it('answers malformed JSON with 400 and wrong content type with 415', async () => {
    const bad = await rt.app.inject({
      method: 'POST',
      url: '/test/validate',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('malformed_payload');
    const wrongType = await rt.app.inject({
      method: 'POST',
      url: '/test/validate',
      headers: { 'content-type': 'application/x-nonsense' },
      payload: 'x',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json().error.code).toBe('unsupported_media_type');
  });

  it('answers unknown routes with 404 not_found', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/no/such/route?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /no/such/route' } });
  });
});
