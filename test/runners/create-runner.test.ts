import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/config.js';
import { createRunner } from '../../src/domain/fixes/runners/create-runner.js';
import { createSilentLogger } from '../../src/lib/logger.js';

const logger = createSilentLogger();

describe('runners config and createRunner', () => {
  it('has working defaults and needs nothing at start', () => {
    const { runners } = parseConfig({});
    expect(runners.e2b).toEqual({
      apiKey: undefined,
      domain: undefined,
      apiUrl: undefined,
      sandboxUrl: undefined,
      template: 'base',
      timeoutMs: 3_600_000,
    });
    expect(runners.fargate).toMatchObject({
      credentials: undefined,
      subnets: [],
      securityGroups: [],
      assignPublicIp: 'DISABLED',
      logStreamPrefix: 'soulcaster',
      pollIntervalMs: 3000,
    });
  });

  it('parses lists, credentials and endpoints', () => {
    const { runners } = parseConfig({
      FARGATE_SUBNETS: 'subnet-a,  subnet-b ,',
      FARGATE_SECURITY_GROUPS: 'sg-1',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'session',
      ECS_ENDPOINT: 'http://127.0.0.1:4566/',
      E2B_DOMAIN: 'e2b.example.com',
    });
    expect(runners.fargate.subnets).toEqual(['subnet-a', 'subnet-b']);
    expect(runners.fargate.securityGroups).toEqual(['sg-1']);
    expect(runners.fargate.credentials).toEqual({
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'session',
    });
    expect(runners.fargate.ecsEndpoint).toBe('http://127.0.0.1:4566');
    expect(runners.e2b.domain).toBe('e2b.example.com');
  });

  it('reports half a credential pair and bad values by variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems.join('\n');
      }
      return '';
    };
    expect(problems({ E2B_API_URL: 'ftp://x', FARGATE_ASSIGN_PUBLIC_IP: 'yes' })).toMatch(
      /E2B_API_URL: must be an http\(s\) URL[^]*FARGATE_ASSIGN_PUBLIC_IP/,
    );
    // checked once every single value is valid (zod runs refinements after the fields parse)
    expect(problems({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' })).toMatch(
      /AWS_SECRET_ACCESS_KEY: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together/,
    );
  });

  it('builds the runner a job names', () => {
    const config = parseConfig({
      E2B_API_KEY: 'e2b_key',
      AWS_REGION: 'us-east-1',
      FARGATE_CLUSTER: 'c',
      FARGATE_TASK_DEFINITION: 'td',
      FARGATE_CONTAINER_NAME: 'agent',
      FARGATE_SUBNETS: 'subnet-a',
      FARGATE_LOG_GROUP: '/ecs/x',
      FARGATE_WORKSPACE_URL: 'https://soulcaster.internal',
    });
    expect(createRunner({ name: 'e2b', config, logger }).name).toBe('e2b');
    expect(createRunner({ name: 'fargate', config, logger }).name).toBe('fargate');
    expect(createRunner({ name: 'local', config, logger }).name).toBe('local');
    // tasks fetch their checkout from this server: without its URL (or PUBLIC_URL) fargate is refused
    const noUrl = {
      ...config,
      runners: { ...config.runners, fargate: { ...config.runners.fargate, workspaceUrl: undefined } },
    };
    expect(() => createRunner({ name: 'fargate', config: noUrl, logger })).toThrow(/FARGATE_WORKSPACE_URL/);
    const viaPublicUrl = {
      ...noUrl,
      server: { ...noUrl.server, publicUrl: 'https://soulcaster.example.com' },
    };
    expect(createRunner({ name: 'fargate', config: viaPublicUrl, logger }).name).toBe('fargate');
  });

  it('names what is missing for an unconfigured runner and rejects unknown names', () => {
    const config = parseConfig({});
    expect(() => createRunner({ name: 'e2b', config, logger })).toThrow(/E2B_API_KEY/);
    expect(() => createRunner({ name: 'fargate', config, logger })).toThrow(
      /AWS_REGION, FARGATE_CLUSTER, FARGATE_TASK_DEFINITION, FARGATE_CONTAINER_NAME, FARGATE_SUBNETS, FARGATE_LOG_GROUP/,
    );
    expect(() => createRunner({ name: 'kubernetes', config, logger })).toThrow(
      expect.objectContaining({ code: 'bad_request' }),
    );
  });
});
