import type { NotificationPayload } from './notification-events.js';

const LABELS: Record<NotificationPayload['event'], string> = {
  'cluster.created': 'New cluster',
  'cluster.growing': 'Cluster growing',
  'cluster.regressed': 'Regression',
  'fix.succeeded': 'Fix succeeded',
  'fix.failed': 'Fix failed',
  'pr.merged': 'Fix merged',
  test: 'Test message',
};

/** Slack's mrkdwn treats &, < and > as control characters; user text is escaped so it stays text. */
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/**
 * A Block Kit message for a Slack incoming webhook: `text` is the notification fallback, the blocks show
 * the cluster's title, report count, trend and status, the fix and its pull request, and buttons to the
 * dashboard and the PR. Lengths stay within Block Kit's limits (header 150, field 2000, button label 75).
 */
export function slackMessage(p: NotificationPayload): SlackMessage {
  const label = LABELS[p.event];
  const c = p.cluster;
  const title =
    c?.title || (p.event === 'test' ? `Soulcaster is connected to ${p.project.name}` : 'Untitled');
  const text = cut(
    c ? `${label}: ${title} (${c.reports} report${c.reports === 1 ? '' : 's'})` : `${label}: ${title}`,
    3000,
  );
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(`${label}: ${title}`, 150), emoji: true } },
  ];
  if (c) {
    const sources = Object.entries(c.sources)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    blocks.push({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Reports*\n${c.reports}` },
        {
          type: 'mrkdwn',
          text: `*Trend (24 h)*\n${c.trend.last24h} vs ${c.trend.previous24h} the day before (${c.trend.direction})`,
        },
        { type: 'mrkdwn', text: `*Status*\n${escape(c.status)}` },
        { type: 'mrkdwn', text: cut(`*Sources*\n${escape(sources || 'none')}`, 2000) },
      ],
    });
  }
  if (p.growth)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${p.growth.reports} reports in the last ${p.growth.windowMinutes} minutes (the rule fires at ${p.growth.threshold})`,
      },
    });
  if (p.fix) {
    const pr = p.fix.pullRequest;
    const line = [
      `*Fix attempt ${p.fix.attempt}*: ${escape(p.fix.status)}`,
      pr ? `PR <${pr.url}|#${pr.number}>${pr.state ? ` (${escape(pr.state)})` : ''}` : '',
      p.fix.error ? `\n>${escape(cut(p.fix.error, 500))}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(line, 3000) } });
  }
  const buttons: Record<string, unknown>[] = [];
  if (c) buttons.push(button('Open in Soulcaster', c.url, 'open_cluster'));
  if (p.fix?.pullRequest)
    buttons.push(button(`View PR #${p.fix.pullRequest.number}`, p.fix.pullRequest.url, 'open_pr'));
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: cut(`${escape(p.project.name)} · delivery ${p.id}`, 3000) }],
  });
  return { text, blocks };
}

const button = (label: string, url: string, actionId: string) => ({
  type: 'button',
  text: { type: 'plain_text', text: cut(label, 75) },
  url: cut(url, 3000),
  action_id: actionId,
});
