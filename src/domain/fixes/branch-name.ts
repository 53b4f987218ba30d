/** `soulcaster/<cluster-slug>-<short job id>`: readable, unique per attempt, a valid git ref. */
export function branchName(clusterTitle: string, jobId: string): string {
  const slug =
    clusterTitle
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'fix';
  return `soulcaster/${slug}-${jobId.replace(/-/g, '').slice(0, 8)}`;
}
