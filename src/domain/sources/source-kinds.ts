import { z } from 'zod';
import { repoSlug } from '../projects/create-project.js';

const subreddit = z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'subreddit names are 2-21 letters, digits or _');
const sentryLevel = z.enum(['debug', 'info', 'warning', 'error', 'fatal']);

/**
 * Per-kind settings (stored in sources.config) and the names of the secrets each kind keeps sealed
 * (stored together in sources.secret_encrypted). Filters decide which deliveries become feedback.
 */
export const sourceKinds = {
  reddit: {
    config: z.object({
      subreddits: z.array(subreddit).min(1, 'add at least one subreddit').max(50),
      intervalMinutes: z.number().int().min(1).max(1440).default(5),
      keywords: z.array(z.string().min(1)).max(50).default([]),
    }),
    secrets: [] as const,
  },
  github: {
    config: z.object({
      repositories: z.array(repoSlug).min(1, 'add at least one repository').max(50),
      intervalMinutes: z.number().int().min(1).max(1440).default(15),
      labels: z.array(z.string().min(1)).max(20).default([]),
    }),
    // token: reads issues (a fine-grained PAT); webhookSecret: verifies X-Hub-Signature-256
    secrets: ['token', 'webhookSecret'] as const,
  },
  sentry: {
    config: z.object({ minLevel: sentryLevel.default('warning') }),
    // the integration's Client Secret, which signs Sentry-Hook-Signature
    secrets: ['clientSecret'] as const,
  },
  manual: { config: z.object({}), secrets: [] as const },
  splunk: { config: z.object({}), secrets: ['token'] as const },
  datadog: {
    config: z.object({
      priorities: z.array(z.enum(['P1', 'P2', 'P3', 'P4', 'P5'])).default([]),
      includeRecoveries: z.boolean().default(false),
    }),
    secrets: ['token'] as const,
  },
  posthog: {
    config: z.object({ events: z.array(z.string().min(1)).max(100).default([]) }),
    secrets: ['token'] as const,
  },
} as const;

export type SourceKind = keyof typeof sourceKinds;
export const sourceKindNames = Object.keys(sourceKinds) as SourceKind[];
export type SourceConfig<K extends SourceKind> = z.output<(typeof sourceKinds)[K]['config']>;

export const sentryLevels = sentryLevel.options;

/** The /ingest path a vendor posts to for each kind (manual and reddit are pushed with the API key). */
export const ingestPaths: Record<SourceKind, string> = {
  reddit: '/ingest/reddit',
  sentry: '/ingest/sentry',
  github: '/ingest/github/webhook',
  manual: '/ingest/manual',
  splunk: '/ingest/splunk/webhook',
  datadog: '/ingest/datadog/webhook',
  posthog: '/ingest/posthog/webhook',
};
