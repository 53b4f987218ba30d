import type { z } from 'zod';
import { authSection } from './sections/auth.js';
import { clusteringSection } from './sections/clustering.js';
import { dashboardSection } from './sections/dashboard.js';
import { databaseSection } from './sections/database.js';
import { embeddingsSection } from './sections/embeddings.js';
import { fixesSection } from './sections/fixes.js';
import { githubSection } from './sections/github.js';
import { llmSection } from './sections/llm.js';
import { vectorIndexSection } from './sections/vector-index.js';
import { ingestSection } from './sections/ingest.js';
import { runnersSection } from './sections/runners.js';
import { serverSection } from './sections/server.js';

/**
 * Every configuration section. Each parses its own slice of the environment; adding a capability means
 * adding a section file and one line here.
 */
const sections = {
  server: serverSection,
  database: databaseSection,
  github: githubSection,
  auth: authSection,
  ingest: ingestSection,
  embeddings: embeddingsSection,
  llm: llmSection,
  clustering: clusteringSection,
  vectorIndex: vectorIndexSection,
  fixes: fixesSection,
  runners: runnersSection,
  dashboard: dashboardSection,
};

export type Config = { [K in keyof typeof sections]: z.output<(typeof sections)[K]> };
export type ConfigInput = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every setting.`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every problem is reported together, each naming its variable. */
export function parseConfig(env: ConfigInput): Config {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(sections)) {
    const result = schema.safeParse(env);
    if (result.success) {
      out[name] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      const variable = issue.path.length > 0 ? issue.path.join('.') : name;
      const given = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
      problems.push(
        `${variable}: ${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Config;
}

/** The one place that reads process.env. */
export function loadConfig(overrides: ConfigInput = {}): Config {
  return parseConfig({ ...process.env, ...overrides });
}
