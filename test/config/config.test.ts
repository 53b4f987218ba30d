import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/config.js';

describe('parseConfig', () => {
  it('gives embedded defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.server).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      env: 'development',
      runWorkers: true,
    });
    expect(config.database).toMatchObject({ dataDir: './.soulcaster', url: undefined });
    expect(config.server.secretKey).toBeUndefined();
    expect(config.github).toMatchObject({
      apiUrl: 'https://api.github.com',
      webUrl: 'https://github.com',
      oauth: undefined,
    });
  });

  it('parses typed values and trims trailing slashes from base URLs', () => {
    const config = parseConfig({
      PORT: '8080',
      SOULCASTER_WORKERS: 'no',
      DATABASE_URL: 'postgres://u:p@db:5432/sc',
      SOULCASTER_SECRET_KEY: 'ab'.repeat(32),
      GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
    });
    expect(config.server.port).toBe(8080);
    expect(config.server.runWorkers).toBe(false);
    expect(config.database.url).toBe('postgres://u:p@db:5432/sc');
    expect(config.server.secretKey?.length).toBe(32);
    expect(config.github.apiUrl).toBe('https://ghe.example.com/api/v3');
  });

  it('reports every bad value together, each naming its variable and what was given', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        SOULCASTER_SECRET_KEY: 'short',
        GITHUB_CLIENT_ID: 'abc',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT: must be a whole number \(got "eighty"\)/);
    expect(problems).toMatch(/DATABASE_URL: must be a postgres:\/\//);
    expect(problems).toMatch(/SOULCASTER_SECRET_KEY: must be 32 bytes/);
    expect(problems).toMatch(
      /GITHUB_CLIENT_SECRET: GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET must be set together/,
    );
    expect((error as ConfigError).message).toContain('.env.example');
  });

  it('never repeats a secret in the error, only its length', () => {
    const typo = 'f3a9c0ffee00deadbeef1234567890abcdef1234567890abcdef12345678901'; // 63 hex digits
    let message = '';
    try {
      parseConfig({
        SOULCASTER_SECRET_KEY: typo,
        DATABASE_URL: 'mysql://admin:hunter2@db/x',
        SOULCASTER_METRICS_TOKEN: 'short',
      });
    } catch (err) {
      message = (err as ConfigError).message;
    }
    expect(message).toMatch(
      /SOULCASTER_SECRET_KEY: must be 32 bytes .*\(got a value of 63 characters, not shown\)/,
    );
    expect(message).toMatch(/DATABASE_URL: .*not shown/);
    expect(message).toMatch(/SOULCASTER_METRICS_TOKEN: must be at least 16 characters/);
    for (const secret of [typo, 'hunter2', 'short']) expect(message).not.toContain(secret);
  });

  it('rejects out-of-range ports and unknown log levels', () => {
    expect(() => parseConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => parseConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
