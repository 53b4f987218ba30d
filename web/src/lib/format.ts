import type { ClusterStatus, FixStatus } from './api-types';

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago"; the exact time goes in a title/datetime attribute beside it. */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString();
}

export const clusterStatusLabel: Record<ClusterStatus, string> = {
  new: 'New',
  fixing: 'Fixing',
  pr_opened: 'PR opened',
  failed: 'Failed',
  resolved: 'Resolved',
  ignored: 'Ignored',
};

export const fixStatusLabel: Record<FixStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  success: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const sourceLabel: Record<string, string> = {
  reddit: 'Reddit',
  sentry: 'Sentry',
  github: 'GitHub',
  manual: 'Manual',
  splunk: 'Splunk',
  datadog: 'Datadog',
  posthog: 'PostHog',
};

export const labelOf = (map: Record<string, string>, key: string): string => map[key] ?? key;
