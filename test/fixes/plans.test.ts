import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { extractStackFrames } from '../../src/domain/plans/extract-stack-frames.js';
import { matchFrameToFile } from '../../src/domain/plans/rank-candidate-files.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { startFakeOpenAIChat, type FakeLlm } from '../fakes/llm-servers.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { couponReports, seedCluster, shopFiles, tempDataDir } from './fix-fixtures.js';

const TOKEN = 'ghp_plantoken0123456789abcdefghij';
let gh: FakeGithub;
let llm: FakeLlm;
let rt: TestRuntime;
let llmRt: TestRuntime;
let projectId: string;
let auth: Record<string, string>;
let clusterId: string;

beforeAll(async () => {
  gh = await startFakeGithub({ token: TOKEN });
  await gh.createRepo('acme/shop', shopFiles);
  llm = await startFakeOpenAIChat('sk-plan');
  const env = {
    SOULCASTER_DATA_DIR: await tempDataDir(),
    GITHUB_API_URL: gh.url,
    GITHUB_WEB_URL: gh.url,
    // single-user local mode: API-key requests may read repositories with the local user's GITHUB_TOKEN
    SOULCASTER_LOCAL_MODE: 'auto',
    GITHUB_TOKEN: TOKEN,
  };
  rt = await createTestRuntime({ env });
  const p = await createProject(rt.db.pool, { name: 'plans', repo: 'acme/shop' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
  clusterId = await seedCluster(rt, projectId, couponReports);
  llmRt = await createTestRuntime({
    env: { ...env, LLM_PROVIDER: 'openai', LLM_API_KEY: 'sk-plan', LLM_BASE_URL: `${llm.url}/v1` },
  });
});
afterAll(async () => {
  await rt.close();
  await llmRt.close();
  await gh.close();
  await llm.close();
});

const call = (
  method: 'GET' | 'POST' | 'PUT',
  body?: unknown,
  app = rt.app,
  project = projectId,
  cluster = clusterId,
) =>
  app.inject({
    method,
    url: `/api/projects/${project}/clusters/${cluster}/plan`,
    headers: auth,
    ...(body ? { payload: body } : {}),
  });

describe('stack trace extraction', () => {
  it('reads Sentry frames, Python, Java and JavaScript traces and skips vendored code', () => {
    const frames = extractStackFrames([
      { title: 't', body: '', metadata: {}, raw: couponReports[0]!.raw },
      {
        title: 'crash',
        body: [
          'Traceback (most recent call last):',
          '  File "/srv/app/shop/views.py", line 42, in checkout',
          '  File "/usr/lib/python3/site-packages/django/core.py", line 1, in x',
          'at com.acme.shop.Cart.total(Cart.java:17)',
          '    at applyCoupon (https://shop.example/static/src/checkout/cart.ts:5:10)',
        ].join('\n'),
        metadata: {},
        raw: null,
      },
    ]);
    expect(frames).toEqual(
      expect.arrayContaining([
        { path: 'src/checkout/cart.ts', line: 5, fn: 'applyCoupon', inApp: true },
        { path: 'srv/app/shop/views.py', line: 42, fn: 'checkout', inApp: null },
        { path: 'com/acme/shop/Cart.java', line: 17, fn: 'total', inApp: null },
        { path: 'static/src/checkout/cart.ts', line: 5, fn: 'applyCoupon', inApp: null },
      ]),
    );
    expect(frames.some((f) => f.path.includes('site-packages') || f.path.includes('node_modules'))).toBe(
      false,
    );
  });

  it('maps deployed paths to repository files by their longest shared suffix', () => {
    const files = ['src/checkout/cart.ts', 'src/ui/cart.ts', 'shop/views.py', 'README.md'];
    expect(matchFrameToFile('static/src/checkout/cart.ts', files)).toBe('src/checkout/cart.ts');
    expect(matchFrameToFile('srv/app/shop/views.py', files)).toBe('shop/views.py');
    expect(matchFrameToFile('cart.ts', files)).toBeUndefined(); // two files share the name
  });
});

describe('coding plans', () => {
  it('answers 204 before a plan exists (a normal state), and 404 for an unknown cluster', async () => {
    const none = await call('GET');
    expect(none.statusCode).toBe(204);
    expect(none.body).toBe('');
    expect(
      (await call('GET', undefined, rt.app, projectId, '00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404);
  });

  it('generates a heuristic plan grounded in the real repository', async () => {
    const res = await call('POST');
    expect(res.statusCode).toBe(201);
    const plan = res.json();
    const head = await gh.branchSha('acme/shop', 'main');
    expect(plan).toMatchObject({
      clusterId,
      kind: 'heuristic',
      model: null,
      repo: 'acme/shop',
      commitSha: head,
    });
    expect(plan.files[0].path).toBe('src/checkout/cart.ts');
    expect(plan.files[0].reason).toContain('stack trace');
    expect(plan.files[0].reason).toContain('applyCoupon() at line 5');
    expect(plan.files.map((f: { path: string }) => f.path)).not.toContain('src/ui/theme.ts');
    expect(plan.tasks.length).toBeGreaterThanOrEqual(4);
    expect(plan.tasks[0].title).toMatch(/Reproduce/);
    expect(plan.summary).toContain(`acme/shop@${head!.slice(0, 7)}`);
    // the token went in the Authorization header of git's requests
    expect(gh.requests.some((r) => r.url.includes('/acme/shop.git/') && r.authorized)).toBe(true);
    expect((await call('GET')).json().id).toBe(plan.id);
  });

  it('regenerates from a new commit and keeps the plan id', async () => {
    const first = (await call('GET')).json();
    await gh.git('acme/shop', ['update-ref', 'refs/heads/main', (await gh.branchSha('acme/shop', 'main'))!]);
    const again = (await call('POST')).json();
    expect(again.id).toBe(first.id);
  });

  it('saves an edit as kind edited', async () => {
    const res = await call('PUT', {
      summary: 'Guard the missing coupon',
      files: [{ path: 'src/checkout/cart.ts', reason: 'the crash site' }],
      tasks: [{ title: 'Default the discount to 0', detail: 'use ?.discount ?? 0' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'edited',
      summary: 'Guard the missing coupon',
      repo: 'acme/shop',
    });
    expect((await call('GET')).json().tasks).toEqual([
      { title: 'Default the discount to 0', detail: 'use ?.discount ?? 0' },
    ]);
  });

  it('refuses an invalid edit', async () => {
    const res = await call('PUT', { summary: 'x', files: [{ path: '' }], tasks: [] });
    expect(res.statusCode).toBe(400);
  });

  it('refines with the LLM and drops files the repository does not have', async () => {
    const p = await createProject(llmRt.db.pool, { name: 'plans-llm', repo: 'acme/shop' });
    const cluster = await seedCluster(llmRt, p.id, couponReports);
    llm.answers.push(
      JSON.stringify({
        summary: 'applyCoupon dereferences a missing coupon; default the discount.',
        files: [
          { path: 'src/checkout/cart.ts', reason: 'crash site' },
          { path: 'src/invented.ts', reason: 'made up' },
        ],
        tasks: [{ title: 'Guard coupon', detail: 'use optional chaining' }],
      }),
    );
    const res = await llmRt.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/clusters/${cluster}/plan`,
      headers: { authorization: `Bearer ${p.apiKey}` },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'llm',
      model: expect.stringContaining('gpt'),
      files: [{ path: 'src/checkout/cart.ts', reason: 'crash site' }],
      tasks: [{ title: 'Guard coupon', detail: 'use optional chaining' }],
    });
    const prompt = JSON.stringify(llm.bodies.at(-1));
    expect(prompt).toContain('src/checkout/cart.ts');
    expect(prompt).toContain('cart.coupon!.discount'); // the code snippet around the frame's line
  });

  it('scrubs e-mail addresses and secrets from what the model is sent', async () => {
    const p = await createProject(llmRt.db.pool, { name: 'plans-llm-scrub', repo: 'acme/shop' });
    const cluster = await seedCluster(llmRt, p.id, [
      {
        source: 'manual',
        externalId: 's1',
        title: "Checkout TypeError reading 'discount' in applyCoupon",
        body: 'from ann@shop.example, my token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked',
      },
    ]);
    await llmRt.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/clusters/${cluster}/plan`,
      headers: { authorization: `Bearer ${p.apiKey}` },
    });
    const sent = JSON.stringify(llm.bodies.at(-1));
    expect(sent).toContain('applyCoupon');
    expect(sent).not.toContain('ann@shop.example');
    expect(sent).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
  });

  it('plans from the feedback alone, and says so, when the cluster has no repository', async () => {
    const p = await createProject(rt.db.pool, { name: 'plans-norepo' });
    const cluster = await seedCluster(rt, p.id, couponReports.slice(1));
    const res = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/clusters/${cluster}/plan`,
      headers: { authorization: `Bearer ${p.apiKey}` },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'heuristic', repo: null, commitSha: null, files: [] });
    expect(res.json().summary).toContain('No repository is set');
  });

  it('falls back to the heuristic plan when the model answers nonsense', async () => {
    const p = await createProject(llmRt.db.pool, { name: 'plans-llm-bad', repo: 'acme/shop' });
    const cluster = await seedCluster(llmRt, p.id, couponReports);
    llm.answers.push('not json at all');
    llm.answers.push('still not json');
    llm.answers.push('nope');
    const res = await llmRt.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/clusters/${cluster}/plan`,
      headers: { authorization: `Bearer ${p.apiKey}` },
    });
    expect(res.json()).toMatchObject({ kind: 'heuristic', model: null });
  });

  it('does not lend GITHUB_TOKEN to API keys outside local mode', async () => {
    const strict = await createTestRuntime({
      env: { SOULCASTER_DATA_DIR: await tempDataDir(), GITHUB_WEB_URL: gh.url, GITHUB_TOKEN: TOKEN },
    });
    try {
      const p = await createProject(strict.db.pool, { name: 'plans-strict', repo: 'acme/shop' });
      const cluster = await seedCluster(strict, p.id, couponReports.slice(1));
      const res = await strict.app.inject({
        method: 'POST',
        url: `/api/projects/${p.id}/clusters/${cluster}/plan`,
        headers: { authorization: `Bearer ${p.apiKey}` },
      });
      expect(res.statusCode).toBe(502); // fetched anonymously, and the fake GitHub wants a token
      expect(gh.requests.at(-1)).toMatchObject({ authorized: false });
    } finally {
      await strict.close();
    }
  });

  it('answers 502 when the repository cannot be fetched, without leaking the token', async () => {
    const p = await createProject(rt.db.pool, { name: 'plans-missing', repo: 'acme/missing' });
    const cluster = await seedCluster(rt, p.id, couponReports.slice(1));
    const res = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/clusters/${cluster}/plan`,
      headers: { authorization: `Bearer ${p.apiKey}` },
    });
    expect(res.statusCode).toBe(502);
    const { message, details } = res.json().error as { message: string; details: { git: string } };
    // which URL, which token, what it means and what to set; git's own words only in details
    expect(message).toBe(
      `Could not fetch acme/missing from ${gh.url}/acme/missing.git with GITHUB_TOKEN: acme/missing does not exist, or GITHUB_TOKEN cannot read it. Check the repository (owner/name) set on the cluster or the project. For a private repository, GITHUB_TOKEN needs access to it (OAuth scope \`repo\`, or a fine-grained token with Contents: read).`,
    );
    expect(message).not.toMatch(/fatal|git fetch failed/);
    expect(details.git).toMatch(/not found|404/i);
    expect(res.body).not.toContain(TOKEN);
  });

  it('says when the git server cannot be reached at all, naming GITHUB_GIT_URL', async () => {
    const unreachable = await createTestRuntime({
      env: {
        SOULCASTER_DATA_DIR: await tempDataDir(),
        GITHUB_API_URL: gh.url,
        GITHUB_WEB_URL: 'http://127.0.0.1:9',
      },
    });
    try {
      const p = await createProject(unreachable.db.pool, { name: 'plans-down', repo: 'acme/shop' });
      const cluster = await seedCluster(unreachable, p.id, couponReports.slice(1));
      const res = await unreachable.app.inject({
        method: 'POST',
        url: `/api/projects/${p.id}/clusters/${cluster}/plan`,
        headers: { authorization: `Bearer ${p.apiKey}` },
      });
      expect(res.statusCode).toBe(502);
      expect(res.json().error.message).toMatch(
        /^Could not fetch acme\/shop from http:\/\/127\.0\.0\.1:9\/acme\/shop\.git with no token: the git server at http:\/\/127\.0\.0\.1:9 could not be reached\. Check GITHUB_GIT_URL/,
      );
    } finally {
      await unreachable.close();
    }
  });
});

describe('heuristic plans without a model', () => {
  let csvProject: { id: string; apiKey: string };
  beforeAll(async () => {
    await gh.createRepo('acme/orders', {
      'src/auth/login.ts':
        'export function login(name: string) {\n  return { name };\n}\nexport const logout = () => null;\n',
      'src/reports/csv-export.ts':
        "export function toCsv(rows: string[][]) {\n  return rows.map((r) => r.join(',')).join('\\n');\n}\n",
      'src/reports/serialize.ts':
        'export function serializeOrder(order: { lines: string[] }) {\n  return order.lines[0]!.trim();\n}\n',
      'README.md': 'Orders: export them as CSV.\n',
    });
    csvProject = await createProject(rt.db.pool, { name: 'plans-csv', repo: 'acme/orders' });
  });

  const generate = async (title: string, body: string) => {
    const cluster = await seedCluster(rt, csvProject.id, [
      { source: 'manual', externalId: `csv-${title}`, title, body },
    ]);
    const res = await rt.app.inject({
      method: 'POST',
      url: `/api/projects/${csvProject.id}/clusters/${cluster}/plan`,
      headers: { authorization: `Bearer ${csvProject.apiKey}` },
    });
    expect(res.statusCode).toBe(201);
    return {
      cluster,
      plan: res.json<{
        summary: string;
        files: { path: string; reason: string }[];
        tasks: { title: string; detail: string }[];
      }>(),
    };
  };

  it('ignores language keywords in file contents: "export" finds the CSV exporter by name, not every module', async () => {
    const { plan } = await generate(
      'Export to CSV does nothing',
      'When I export the orders table to CSV nothing is downloaded and the page stays blank.',
    );
    const paths = plan.files.map((f) => f.path);
    expect(paths[0]).toBe('src/reports/csv-export.ts');
    expect(paths).not.toContain('src/auth/login.ts');
    expect(paths).not.toContain('src/reports/serialize.ts');
    expect(plan.files[0]!.reason).toBe('Its path names a term from the reports.');
  });

  it('ranks identifiers found in the code above file names, and writes whole sentences', async () => {
    const { plan } = await generate(
      'CSV export crashes on empty orders',
      'Exporting to CSV crashes: serializeOrder throws when an order has no lines.',
    );
    const paths = plan.files.map((f) => f.path);
    expect(paths.slice(0, 2)).toEqual(['src/reports/serialize.ts', 'src/reports/csv-export.ts']);
    expect(paths).not.toContain('src/auth/login.ts');
    expect(plan.files[0]!.reason).toMatch(/^It contains .*"serializeOrder" once.*\.$/);
    expect(plan.files[0]!.reason).not.toContain('serializeorder');
    const inspect = plan.tasks.find((t) => t.title === 'Inspect src/reports/serialize.ts')!;
    expect(inspect.detail).toMatch(
      /^Picked because it contains .*"serializeOrder" once.*\. Confirm whether the fault is here\.$/,
    );
    for (const t of plan.tasks) expect(t.detail).not.toMatch(/because it is (mentions|named)/);
    // the report count is said once, whether or not the clustering summary already said it
    expect(plan.summary.match(/\breports? from\b/g)).toHaveLength(1);
  });

  it('saves a file listed twice once', async () => {
    const { cluster } = await generate('Login page slow', 'The login takes ages.');
    const res = await rt.app.inject({
      method: 'PUT',
      url: `/api/projects/${csvProject.id}/clusters/${cluster}/plan`,
      headers: { authorization: `Bearer ${csvProject.apiKey}` },
      payload: {
        summary: 'x',
        files: [
          { path: 'src/auth/login.ts', reason: 'the login handler' },
          { path: './src/auth/login.ts', reason: 'the login handler' },
          { path: 'src/reports/csv-export.ts', reason: 'unrelated' },
          { path: 'src/auth/login.ts', reason: 'also sets the cookie' },
        ],
        tasks: [],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().files).toEqual([
      { path: 'src/auth/login.ts', reason: 'the login handler also sets the cookie' },
      { path: 'src/reports/csv-export.ts', reason: 'unrelated' },
    ]);
  });
});
