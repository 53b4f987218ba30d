import type { SourceKind } from './sources';

/** How each kind's settings (docs/API.md "Sources") map to form fields. */
export type Field =
  | { name: string; label: string; type: 'list'; hint: string; required?: boolean }
  | { name: string; label: string; type: 'number'; hint: string; min: number; max: number; default: number }
  | { name: string; label: string; type: 'select'; options: readonly string[]; default: string; hint: string }
  | { name: string; label: string; type: 'checkboxes'; options: readonly string[]; hint: string }
  | { name: string; label: string; type: 'checkbox'; hint: string };

export interface KindSpec {
  label: string;
  about: string;
  fields: Field[];
  secrets: { name: string; label: string; hint: string; generate: boolean }[];
}

const interval = (d: number): Field => ({
  name: 'intervalMinutes',
  label: 'Poll every (minutes)',
  type: 'number',
  min: 1,
  max: 1440,
  default: d,
  hint: 'How often new items are fetched.',
});

export const kindSpecs: Record<SourceKind, KindSpec> = {
  reddit: {
    label: 'Reddit',
    about: 'Polls new posts of the subreddits.',
    fields: [
      {
        name: 'subreddits',
        label: 'Subreddits',
        type: 'list',
        required: true,
        hint: 'One per line, without r/.',
      },
      interval(5),
      {
        name: 'keywords',
        label: 'Keywords filter',
        type: 'list',
        hint: 'Keep only posts containing one; blank keeps all.',
      },
    ],
    secrets: [],
  },
  github: {
    label: 'GitHub issues',
    about: 'Polls issues of the repositories, and accepts the "Issues" webhook.',
    fields: [
      {
        name: 'repositories',
        label: 'Repositories',
        type: 'list',
        required: true,
        hint: 'owner/name, one per line.',
      },
      interval(15),
      {
        name: 'labels',
        label: 'Labels filter',
        type: 'list',
        hint: 'Keep only issues with one of these labels.',
      },
    ],
    secrets: [
      {
        name: 'token',
        label: 'Access token',
        hint: 'A fine-grained token that can read issues.',
        generate: false,
      },
      {
        name: 'webhookSecret',
        label: 'Webhook secret',
        hint: "The secret you enter in GitHub's webhook form.",
        generate: true,
      },
    ],
  },
  sentry: {
    label: 'Sentry',
    about: "An internal integration's webhook (issue, error and alert events).",
    fields: [
      {
        name: 'minLevel',
        label: 'Minimum level',
        type: 'select',
        options: ['debug', 'info', 'warning', 'error', 'fatal'],
        default: 'warning',
        hint: 'Lower levels are ignored.',
      },
    ],
    secrets: [
      {
        name: 'clientSecret',
        label: 'Client Secret',
        hint: 'From the Sentry integration; it signs each delivery.',
        generate: false,
      },
    ],
  },
  datadog: {
    label: 'Datadog',
    about: 'A webhook integration called from monitors.',
    fields: [
      {
        name: 'priorities',
        label: 'Priorities',
        type: 'checkboxes',
        options: ['P1', 'P2', 'P3', 'P4', 'P5'],
        hint: 'None checked keeps all.',
      },
      {
        name: 'includeRecoveries',
        label: 'Include recoveries',
        type: 'checkbox',
        hint: 'Also store "recovered" notifications.',
      },
    ],
    secrets: [
      { name: 'token', label: 'Token', hint: 'Sent by Datadog in X-Soulcaster-Token.', generate: true },
    ],
  },
  posthog: {
    label: 'PostHog',
    about: 'An HTTP Webhook destination.',
    fields: [
      { name: 'events', label: 'Events filter', type: 'list', hint: 'Event names to keep; blank keeps all.' },
    ],
    secrets: [
      { name: 'token', label: 'Token', hint: 'Sent by PostHog in X-Soulcaster-Token.', generate: true },
    ],
  },
  splunk: {
    label: 'Splunk',
    about: 'The webhook alert action of a saved search.',
    fields: [],
    secrets: [
      {
        name: 'token',
        label: 'Token',
        hint: 'Goes in the webhook URL as token=… (Splunk sends no headers).',
        generate: true,
      },
    ],
  },
  manual: {
    label: 'Manual',
    about: 'Reports typed in the dashboard or posted with the API key.',
    fields: [],
    secrets: [],
  },
};

/** A 32-byte random token, hex, for webhook secrets. */
export function generateToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
