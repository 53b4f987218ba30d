import type { z } from 'zod';
import { authSection } from './sections/auth.js';
import { clusteringSection } from './sections/clustering.js';
import { dashboardSection } from './sections/dashboard.js';
import { databaseSection } from './sections/database.js';
import { embeddingsSection } from './sections/embeddings.js';
import { fixesSection } from './sections/fixes.js';
import { githubSection } from './sections/github.js';
import { llmSection } from './sections/llm.js';
import { notificationsSection } from './sections/notifications.js';
import { observabilitySection } from './sections/observability.js';
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
  observability: observabilitySection,
  notifications: notificationsSection,
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

/** Variables whose values are credentials (or may embed one, like a connection string with a password). */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|KEY|DATABASE_URL|CREDENTIAL)/;

/** What a bad value was, for the error message; a secret's value is never repeated, only its length. */
function describeGiven(name: string, given: string): string {
  return SECRET_NAME.test(name)
    ? `got a value of ${given.length} characters, not shown`
    : `got ${JSON.stringify(given)}`;
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
      const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
      const given = key === undefined ? undefined : env[key];
      problems.push(
        `${variable}: ${issue.message}${key === undefined || given === undefined ? '' : ` (${describeGiven(key, given)})`}`,
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
