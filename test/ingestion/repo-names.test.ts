import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { repoName } from '../../src/domain/repos/repo-name.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { pollSource } from '../../src/domain/ingestion/pollers/poll-source.js';
import { startFakeGithubIssues, type FakeGithubIssues } from '../fakes/github-issues-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let github: FakeGithubIssues;
let port: number;
let projectId: string;
let apiKey: string;

const feedbackCount = async () =>
  Number(
    (
      await rt.db.pool.query<{ n: string }>(
        'select count(*) as n from feedback_items where project_id = $1',
        [projectId],
      )
    ).rows[0]!.n,
  );

beforeAll(async () => {
  github = await startFakeGithubIssues({ token: 'ghp_source_token' });
  github.addIssue('acme/shop', 'Checkout button does nothing');
  rt = await createTestRuntime({ env: { GITHUB_API_URL: github.url } });
  const p = await createProject(rt.db.pool, { name: 'sync' });
  projectId = p.id;
  apiKey = p.apiKey;
  await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, {
    kind: 'github',
    config: { repositories: ['acme/shop'] },
    secrets: { token: 'ghp_source_token' },
  });
  await rt.app.listen({ host: '127.0.0.1', port: 0 });
  port = (rt.app.server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await rt.close();
  await github.close();
});

/** A POST with the path exactly as written: no client normalizes `..` or decodes `%2e` on the way. */
function rawPost(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${apiKey}\r\n` +
          `X-Soulcaster-Project: ${projectId}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      ),
    );
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = out.split('\r\n\r\n');
      let body = rest.join('\r\n\r\n');
      if (/transfer-encoding: chunked/i.test(head))
        body = body.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n$/, '');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body });
    });
  });
}

describe('GitHub sync cannot be pointed at another GitHub path', () => {
  const traversals = [
    '/ingest/github/sync/../..',
    '/ingest/github/sync/%2e%2e/%2e%2e',
    '/ingest/github/sync/%2E%2E/user',
    '/ingest/github/sync/acme/..',
    '/ingest/github/sync/acme/%2e%2e',
    '/ingest/github/sync/acme%2F..%2F../shop',
    '/ingest/github/sync/acme/shop%2F..%2F..%2Fuser',
    '/ingest/github/sync/acme/shop%252F..',
    '/ingest/github/sync/./shop',
  ];
  for (const path of traversals) {
    it(`POST ${path} calls nothing on GitHub and stores nothing`, async () => {
      const before = github.requests.length;
      const stored = await feedbackCount();
      const res = await rawPost(path);
      expect([400, 404]).toContain(res.status);
      const body = JSON.parse(res.body) as { error: { code: string; message: string } };
      expect(Object.keys(body)).toEqual(['error']);
      expect(['validation_failed', 'not_found']).toContain(body.error.code);
      expect(github.requests.slice(before)).toEqual([]);
      expect(github.requests.map((r) => new URL(r.url, 'http://x').pathname)).not.toContain('/issues');
      expect(github.requests.map((r) => new URL(r.url, 'http://x').pathname)).not.toContain('/user/issues');
      expect(await feedbackCount()).toBe(stored);
    });
  }

  it('refuses a well-formed repository that no source of the project lists, before calling GitHub', async () => {
    const before = github.requests.length;
    const res = await rawPost('/ingest/github/sync/other-org/private-repo');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('other-org/private-repo') },
    });
    expect(github.requests.slice(before)).toEqual([]);
  });

  it('syncs a listed repository with its source token', async () => {
    const res = await rawPost('/ingest/github/sync/acme/shop');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ repo: 'acme/shop', fetched: 1, stored: 1 });
    const last = github.requests.at(-1)!;
    expect(new URL(last.url, 'http://x').pathname).toBe('/repos/acme/shop/issues');
    expect(last.headers.authorization).toBe('Bearer ghp_source_token');
  });
});

describe('one repository-name grammar for projects, clusters and sources', () => {
  const bad = [
    '../..',
    'acme/..',
    'acme/.',
    '../shop',
    'acme/shop/issues',
    'acme%2Fshop',
    'ac me/shop',
    '-acme/shop',
    `${'a'.repeat(40)}/shop`,
    `acme/${'r'.repeat(101)}`,
    'acme/',
    '/shop',
    'acme\\shop',
  ];
  const good = [
    'acme/shop',
    'Octo-Org/web.app_2',
    'a/.github',
    'user/..hidden',
    `${'a'.repeat(39)}/${'r'.repeat(100)}`,
  ];

  it('accepts GitHub names and refuses the rest', () => {
    for (const name of good) expect(repoName.safeParse(name).success, name).toBe(true);
    for (const name of bad) expect(repoName.safeParse(name).success, name).toBe(false);
  });

  it('refuses a traversal as a project repository, a cluster repository and a GitHub source repository', async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    const project = await rt.app.inject({
      method: 'PATCH',
      url: `/api/projects/${projectId}`,
      headers: auth,
      payload: { repo: '../..' },
    });
    expect(project.statusCode).toBe(400);
    expect(project.json().error.code).toBe('validation_failed');
    const { rows } = await rt.db.pool.query<{ id: string }>(
      'insert into clusters (project_id, title) values ($1, $2) returning id',
      [projectId, 'c'],
    );
    const cluster = await rt.app.inject({
      method: 'PATCH',
      url: `/api/projects/${projectId}/clusters/${rows[0]!.id}`,
      headers: auth,
      payload: { repo: 'acme/..' },
    });
    expect(cluster.statusCode).toBe(400);
    const source = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/sources`,
      headers: auth,
      payload: {
        kind: 'github',
        name: 'evil',
        config: { repositories: ['%2e%2e/user'] },
        secrets: { token: 'x' },
      },
    });
    expect(source.statusCode).toBe(400);
    const dots = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/sources`,
      headers: auth,
      payload: {
        kind: 'github',
        name: 'evil2',
        config: { repositories: ['../..'] },
        secrets: { token: 'x' },
      },
    });
    expect(dots.statusCode).toBe(400);
    const stored = await rt.db.pool.query('select repo from projects where id = $1', [projectId]);
    expect(stored.rows[0]).toEqual({ repo: null });
  });

  it('a name stored before the grammar existed is refused by the scheduled poll itself', async () => {
    const { rows } = await rt.db.pool.query<{ id: string }>(
      `update sources set config = jsonb_set(config, '{repositories}', '["../.."]')
        where project_id = $1 and kind = 'github' returning id`,
      [projectId],
    );
    const before = github.requests.length;
    await expect(pollSource(rt.services.pollers, projectId, rows[0]!.id)).rejects.toThrow(
      /invalid repository/,
    );
    expect(github.requests.slice(before)).toEqual([]);
  });
});
