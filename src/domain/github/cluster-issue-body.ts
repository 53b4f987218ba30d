/** The marker that tells Soulcaster's own issues apart from feedback when GitHub reports them back. */
export const clusterMarker = (clusterId: string) => `<!-- soulcaster:cluster=${clusterId} -->`;
const MARKER = /<!-- soulcaster:cluster=[0-9a-f-]{36} -->/;

/** Whether an issue body is one Soulcaster wrote for a cluster (so it is not ingested as new feedback). */
export const isClusterIssueBody = (body: string | null | undefined) => MARKER.test(body ?? '');

export interface IssueReport {
  id: string;
  source: string;
  title: string;
  url: string | null;
}

const MAX_REPORTS = 50;

/**
 * The issue created from a cluster: its summary, then its reports, each linked to its place on the
 * cluster's dashboard page (and to where it came from), and a link back to the cluster.
 */
export function clusterIssueBody(opts: {
  clusterId: string;
  clusterUrl: string;
  summary: string;
  itemCount: number;
  reports: IssueReport[];
}): string {
  const shown = opts.reports.slice(0, MAX_REPORTS);
  const lines = shown.map((r) => {
    const title = r.title.slice(0, 200).replace(/\s+/g, ' ').replace(/[[\]]/g, '');
    const origin = r.url ? ` ([${r.source}](${r.url}))` : ` (${r.source})`;
    return `- [${title}](${opts.clusterUrl}#item-${r.id})${origin}`;
  });
  const more =
    opts.itemCount > shown.length
      ? `\n- … and ${opts.itemCount - shown.length} more in [the cluster](${opts.clusterUrl})`
      : '';
  return [
    opts.summary.trim() || '(no summary yet)',
    `## Reports (${opts.itemCount})\n${lines.join('\n') || '- none'}${more}`,
    `---\nCreated by Soulcaster from [this cluster](${opts.clusterUrl}). Closing this issue resolves the cluster; reopening it reopens the cluster.`,
    clusterMarker(opts.clusterId),
  ].join('\n\n');
}
