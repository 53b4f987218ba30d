import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Template } from 'e2b';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../src/config/config.js';
import { defineE2bTemplate, e2bDockerfile } from '../../scripts/e2b-template.js';
import { isPinnedImage, parseDockerfile, type Stage } from './parse-dockerfile.js';

/**
 * No container engine runs where these tests run, so the images are never built here. Instead the files
 * are held to the rules a linter would enforce, and the compose file is validated by `docker-compose
 * config` where Debian's docker-compose is installed (.ci/run installs it).
 */
const exec = promisify(execFile);
const root = path.resolve('.');
const dockerignore = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

function commonRules(file: string, stages: Stage[]) {
  for (const stage of stages) expect(isPinnedImage(stage.from), `${file}: FROM ${stage.from}`).toBe(true);
  const all = stages.flatMap((s) => s.instructions);
  // ADD fetches URLs and unpacks archives implicitly; COPY says what it does
  expect(all.filter((i) => i.op === 'ADD').map((i) => i.line)).toEqual([]);
  for (const run of all.filter((i) => i.op === 'RUN' && i.args.includes('apt-get install'))) {
    expect(run.args, `${file}:${run.line}`).toContain('--no-install-recommends');
    expect(run.args, `${file}:${run.line}`).toContain('rm -rf /var/lib/apt/lists/*');
  }
  // the last USER of the image that runs is an unprivileged one
  const users = stages.at(-1)!.instructions.filter((i) => i.op === 'USER');
  expect(users.at(-1)?.args, `${file}: final USER`).toBeDefined();
  expect(['root', '0', '0:0']).not.toContain(users.at(-1)!.args.trim());
  for (const i of all.filter((x) => x.op === 'CMD' || x.op === 'ENTRYPOINT'))
    expect(() => JSON.parse(i.args) as unknown, `${file}:${i.line} ${i.op} in exec form`).not.toThrow();
}

describe('Dockerfile (the server image)', () => {
  const { stages } = parseDockerfile('Dockerfile');
  const runtime = stages.at(-1)!;

  it('is multi-stage on a pinned Node 20 slim base, with the linter rules held', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const s of stages) expect(s.from).toMatch(/^node:20\.\d+\.\d+-\w+-slim$/);
    commonRules('Dockerfile', stages);
  });

  it('builds server and dashboard in the build stage and ships only their output, git and a healthcheck', () => {
    const build = stages[0]!.instructions;
    expect(build.find((i) => i.op === 'RUN' && i.args.includes('npm run build'))).toBeDefined();
    expect(build.find((i) => i.op === 'RUN' && i.args.includes('npm prune --omit=dev'))).toBeDefined();
    const copies = runtime.instructions.filter((i) => i.op === 'COPY').map((i) => i.args);
    for (const out of ['/app/dist', '/app/web/dist', '/app/node_modules'])
      expect(
        copies.some((c) => c.startsWith('--from=build ') && c.includes(out)),
        out,
      ).toBe(true);
    expect(
      runtime.instructions.some((i) => i.op === 'RUN' && /apt-get install [^&]*\bgit\b/.test(i.args)),
    ).toBe(true);
    const health = runtime.instructions.find((i) => i.op === 'HEALTHCHECK');
    expect(health?.args).toMatch(/CMD .*\/healthz/);
    expect(runtime.instructions.find((i) => i.op === 'ENTRYPOINT')?.args).toContain('bin/soulcaster.js');
  });

  it('copies only paths that exist and that .dockerignore lets through', () => {
    for (const stage of stages)
      for (const copy of stage.instructions.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))) {
        const sources = copy.args.split(/\s+/).slice(0, -1);
        for (const src of sources) {
          expect(existsSync(path.join(root, src)), `COPY ${src}`).toBe(true);
          expect(dockerignore, `COPY ${src} is ignored`).not.toContain(src.replace(/\/$/, ''));
        }
      }
    // what the build must not see: local dependencies, builds, data, secrets
    for (const p of ['node_modules', 'dist', '.soulcaster', '.env', '.git'])
      expect(dockerignore).toContain(p);
  });

  it('runs with the settings a container needs, accepted by the configuration', () => {
    const env = Object.fromEntries(
      runtime.instructions
        .filter((i) => i.op === 'ENV')
        .flatMap((i) => i.args.split(/\s+/).map((kv) => kv.split('=', 2) as [string, string])),
    );
    expect(env).toMatchObject({ HOST: '0.0.0.0', SOULCASTER_DATA_DIR: '/data' });
    expect(parseConfig(env).server.host).toBe('0.0.0.0');
  });
});

describe('e2b.Dockerfile (the sandbox fix jobs run in: Fargate image and E2B template)', () => {
  const { stages } = parseDockerfile('e2b.Dockerfile');
  // ARGs after FROM (the agent versions): name=default pairs of the only stage
  const parseDockerfileArgs = () => ({
    args: new Map(
      stages[0]!.instructions
        .filter((i) => i.op === 'ARG')
        .map((i) => i.args.split('=', 2) as [string, string]),
    ),
  });

  it('is one pinned stage with git, the agent CLIs and an unprivileged user', () => {
    expect(stages).toHaveLength(1);
    commonRules('e2b.Dockerfile', stages);
    const runs = stages[0]!.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    for (const tool of ['bash', 'coreutils', 'curl', 'git', 'gzip', 'tar'])
      expect(
        runs.some((r) => new RegExp(`apt-get install .*\\b${tool}\\b`).test(r)),
        tool,
      ).toBe(true);
    for (const cli of ['@kilocode/cli@', '@anthropic-ai/claude-code@', '@openai/codex@', 'opencode-ai@'])
      expect(
        runs.some((r) => r.includes(`"${cli}\${`)),
        cli,
      ).toBe(true);
    expect(runs.some((r) => r.includes('aider-chat=='))).toBe(true);
    // the same agent releases the repository's own tests run
    const dev = (
      JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }
    ).devDependencies;
    const { args } = parseDockerfileArgs();
    expect({
      '@kilocode/cli': args.get('KILO_VERSION'),
      '@anthropic-ai/claude-code': args.get('CLAUDE_CODE_VERSION'),
      '@openai/codex': args.get('CODEX_VERSION'),
      'opencode-ai': args.get('OPENCODE_VERSION'),
    }).toEqual({
      '@kilocode/cli': dev['@kilocode/cli'],
      '@anthropic-ai/claude-code': dev['@anthropic-ai/claude-code'],
      '@openai/codex': dev['@openai/codex'],
      'opencode-ai': dev['opencode-ai'],
    });
    // a start command would make E2B wait for it, and ECS would run it instead of the job's command
    expect(stages[0]!.instructions.filter((i) => i.op === 'CMD' || i.op === 'ENTRYPOINT')).toEqual([]);
  });

  it("is accepted by E2B's own template parser, ending as the unprivileged user", async () => {
    const template = JSON.parse(await Template.toJSON(defineE2bTemplate(), false)) as {
      fromImage: string;
      steps: { type: string; args: string[] }[];
    };
    expect(template.fromImage).toBe(stages[0]!.from);
    expect(template.steps.filter((s) => s.type === 'USER').at(-1)?.args).toEqual(['agent']);
    expect(template.steps.filter((s) => s.type === 'RUN')).toHaveLength(4);
    expect(path.basename(e2bDockerfile)).toBe('e2b.Dockerfile');
  });
});

describe('compose.yaml (scaled mode)', () => {
  const compose = parseYaml(readFileSync('compose.yaml', 'utf8'), { merge: true }) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };
  const services = compose.services;
  // what docker compose substitutes for ${VAR:-default} and ${VAR:?error} with the given environment
  const substitute = (v: unknown, env: Record<string, string>): string =>
    String(v).replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
      if (env[name] !== undefined && env[name] !== '') return env[name];
      if (kind === '?') throw new Error(`${name} is required: ${rest}`);
      return kind === '-' ? (rest ?? '') : '';
    });

  it('runs PostgreSQL 17 with pgvector, N API replicas without workers and M workers on one image', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'proxy', 'worker']);
    expect(services.postgres!.image).toBe('pgvector/pgvector:pg17');
    expect(services.api!.command).toEqual(['serve', '--no-workers']);
    expect(services.worker!.command).toEqual(['worker']);
    expect(services.worker!.image).toBe(services.api!.image);
    expect(services.api!.build).toBe('.');
    for (const s of ['api', 'worker']) {
      expect((services[s]!.deploy as { replicas: unknown }).replicas, s).toMatch(/^\$\{\w+:-\d+\}$/);
      expect(services[s]!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    }
    expect(isPinnedImage(String(services.proxy!.image))).toBe(true);
    expect(existsSync('deploy/nginx.conf')).toBe(true);
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('gives both roles an environment the configuration accepts, and refuses to start without the secrets', () => {
    const given = { POSTGRES_PASSWORD: 'pw', SOULCASTER_SECRET_KEY: 'ab'.repeat(32) };
    for (const s of ['api', 'worker']) {
      const raw = services[s]!.environment as Record<string, unknown>;
      const env = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, substitute(v, given)]));
      const config = parseConfig(env);
      expect(config.database.url).toBe('postgres://soulcaster:pw@postgres:5432/soulcaster');
      expect(config.server.secretKey?.toString('hex')).toBe(given.SOULCASTER_SECRET_KEY);
      expect(() => Object.values(raw).map((v) => substitute(v, { POSTGRES_PASSWORD: 'pw' }))).toThrow(
        /SOULCASTER_SECRET_KEY is required/,
      );
    }
    expect(
      parseConfig(
        Object.fromEntries(
          Object.entries(services.api!.environment as Record<string, unknown>).map(([k, v]) => [
            k,
            substitute(v, given),
          ]),
        ),
      ).server.host,
    ).toBe('0.0.0.0');
  });

  it('passes `docker-compose config` (Debian docker-compose, no engine needed)', async (ctx) => {
    const bin = ['/usr/bin/docker-compose', '/usr/local/bin/docker-compose'].find((b) => existsSync(b));
    if (bin === undefined) {
      if (process.env.CI === 'true') throw new Error('docker-compose is missing; .ci/run installs it');
      console.log(
        'skipped: docker-compose is not installed (apt-get install docker-compose); the YAML checks above ran',
      );
      ctx.skip();
    }
    const { stdout } = await exec(bin!, ['-f', 'compose.yaml', 'config'], {
      env: { PATH: process.env.PATH ?? '', POSTGRES_PASSWORD: 'pw', SOULCASTER_SECRET_KEY: 'ab'.repeat(32) },
    });
    const resolved = parseYaml(stdout) as { services: Record<string, { deploy?: { replicas: number } }> };
    expect(resolved.services.api?.deploy?.replicas).toBe(2);
    expect(resolved.services.worker?.deploy?.replicas).toBe(2);
    await expect(
      exec(bin!, ['-f', 'compose.yaml', 'config', '-q'], { env: { PATH: process.env.PATH ?? '' } }),
    ).rejects.toThrow(/POSTGRES_PASSWORD|SOULCASTER_SECRET_KEY/);
  });
});
