import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let port: number;

beforeAll(async () => {
  rt = await createTestRuntime();
  // Routes that exist only to provoke the failures below.
  rt.app.post('/test/echo', { schema: { body: z.object({ name: z.string() }) } }, async (req) => req.body);
  rt.app.get('/test/unwritable-header', async (_req, reply) => reply.redirect('/next\nSet-Cookie: x=1', 302));
  rt.app.get('/test/crash', async () => {
    throw new TypeError('internal detail that must not leak');
  });
  await rt.app.listen({ host: '127.0.0.1', port: 0 });
  port = (rt.app.server.address() as net.AddressInfo).port;
});
afterAll(() => rt.close());

/** Sends bytes exactly as given (no client-side normalization) and parses the answer. */
function rawRequest(bytes: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = out.split('\r\n\r\n');
      let body = rest.join('\r\n\r\n');
      if (/transfer-encoding: chunked/i.test(head))
        body = body.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n$/, '');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body });
    });
  });
}

const request = (line: string, headers: string[] = [], body = '') =>
  rawRequest(
    `${line}\r\n${['Host: localhost', 'Connection: close', ...headers].join('\r\n')}\r\n\r\n${body}`,
  );

/** The documented shape and nothing else: {"error":{"code","message"}} (details only where documented). */
function expectErrorShape(res: { body: string }, code: string) {
  const parsed = JSON.parse(res.body) as { error: { code: string; message: string } };
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(parsed.error.code).toBe(code);
  expect(typeof parsed.error.message).toBe('string');
  expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message']);
}

describe('every error answer has the documented shape', () => {
  it('bad JSON → 400 malformed_payload', async () => {
    const res = await request(
      'POST /test/echo HTTP/1.1',
      ['Content-Type: application/json', 'Content-Length: 8'],
      '{"name":',
    );
    expect(res.status).toBe(400);
    expectErrorShape(res, 'malformed_payload');
  });

  it('an unknown route → 404 not_found', async () => {
    const res = await request('GET /no/such/route?token=abc HTTP/1.1');
    expect(res.status).toBe(404);
    expectErrorShape(res, 'not_found');
    expect(res.body).not.toContain('abc');
  });

  it('an unsupported media type → 415', async () => {
    const res = await request(
      'POST /test/echo HTTP/1.1',
      ['Content-Type: text/csv', 'Content-Length: 3'],
      'a,b',
    );
    expect(res.status).toBe(415);
    expectErrorShape(res, 'unsupported_media_type');
  });

  it('a body over the limit → 413', async () => {
    const res = await request(
      'POST /test/echo HTTP/1.1',
      ['Content-Type: application/json', `Content-Length: ${5 * 1024 * 1024}`],
      '{}',
    );
    expect(res.status).toBe(413);
    expectErrorShape(res, 'payload_too_large');
  });

  it('a URL whose percent-escapes do not decode → 400', async () => {
    const res = await request('GET /api/projects/%E0%A4%A?token=secret-in-url HTTP/1.1');
    expect(res.status).toBe(400);
    expectErrorShape(res, 'bad_request');
    expect(res.body).not.toContain('secret-in-url');
  });

  it('a Content-Length that is not a number (rejected by the HTTP parser) → 400', async () => {
    const res = await request(
      'POST /test/echo HTTP/1.1',
      ['Content-Type: application/json', 'Content-Length: abc'],
      '{}',
    );
    expect(res.status).toBe(400);
    expectErrorShape(res, 'bad_request');
  });

  it('headers over the size limit → 431', async () => {
    const res = await request('GET /healthz HTTP/1.1', [`X-Big: ${'a'.repeat(20_000)}`]);
    expect(res.status).toBe(431);
    expectErrorShape(res, 'headers_too_large');
  });

  it('a request line that is not HTTP → 400', async () => {
    const res = await rawRequest('NOT-HTTP\r\n\r\n');
    expect(res.status).toBe(400);
    expectErrorShape(res, 'bad_request');
  });

  it('a header Node refuses to write (a newline in a Location) → generic 500, without that header', async () => {
    const res = await request('GET /test/unwritable-header HTTP/1.1');
    expect(res.status).toBe(500);
    expectErrorShape(res, 'internal');
    expect(res.headers).not.toMatch(/^location:/im);
    expect(res.headers).not.toMatch(/^set-cookie: x=1/im);
  });

  it('an unknown error → generic 500 that does not leak its message', async () => {
    const res = await request('GET /test/crash HTTP/1.1');
    expect(res.status).toBe(500);
    expectErrorShape(res, 'internal');
    expect(res.body).not.toContain('internal detail');
  });

  it('a newline in returnTo → a redirect to /dashboard, not a 500', async () => {
    const local = await createTestRuntime({ env: { SOULCASTER_LOCAL_MODE: 'auto' } });
    try {
      const res = await local.app.inject({
        method: 'GET',
        url: '/auth/github?returnTo=%2Fa%0Ab',
        headers: { host: 'localhost' },
      });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/dashboard');
    } finally {
      await local.close();
    }
  });
});
