import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let dist: string;
let rt: TestRuntime;
let bare: TestRuntime;
const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-1a2b3c.js"></script></body></html>';

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'sc-web-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), INDEX);
  await writeFile(path.join(dist, 'assets', 'app-1a2b3c.js'), 'console.log("dashboard")');
  await writeFile(
    path.join(dist, 'assets', 'app-1a2b3c.js.br'),
    brotliCompressSync('console.log("dashboard")'),
  );
  rt = await createTestRuntime({ env: { SOULCASTER_WEB_DIST: dist } });
  bare = await createTestRuntime({ env: { SOULCASTER_WEB_DIST: path.join(dist, 'missing') } });
});
afterAll(async () => {
  await rt.close();
  await bare.close();
  await rm(dist, { recursive: true, force: true });
});

describe('serving the dashboard', () => {
  it('answers index.html, never cached, for every page path the client router owns', async () => {
    for (const url of ['/dashboard', '/dashboard/clusters', '/dashboard/clusters/abc?x=1', '/auth/signin']) {
      const res = await rt.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.body).toBe(INDEX);
    }
  });

  it('serves hashed assets as immutable for a year, and 404s unknown ones', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/assets/app-1a2b3c.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe('console.log("dashboard")');
    const br = await rt.app.inject({
      method: 'GET',
      url: '/assets/app-1a2b3c.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log("dashboard")');
    expect((await rt.app.inject({ method: 'GET', url: '/assets/nope.js' })).statusCode).toBe(404);
    expect((await rt.app.inject({ method: 'GET', url: '/assets/../index.html' })).statusCode).not.toBe(200);
  });

  it('redirects / to the dashboard and leaves the API alone', async () => {
    const root = await rt.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/dashboard');
    const api = await rt.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/json/);
  });

  it('says how to build the dashboard when web/dist is missing', async () => {
    const res = await bare.app.inject({ method: 'GET', url: '/dashboard/clusters' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    expect((await bare.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
