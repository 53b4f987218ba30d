import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../../../components/error-message';
import { useToast } from '../../../components/toast';
import type { Cluster } from '../../../lib/api-types';
import { useBulkClusters, useMergeClusters, useSplitCluster } from '../api/triage';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * What to do with the selected clusters. Every action changes the list at once and offers Undo: the
 * inverse call (a split of what a merge moved, or the previous status and repository put back).
 */
export function BulkToolbar({
  projectId,
  selected,
  onDone,
}: {
  projectId: string;
  /** in the order they were selected: the first one is the merge target */
  selected: Cluster[];
  onDone: () => void;
}) {
  const repoId = useId();
  const toast = useToast();
  const bulk = useBulkClusters(projectId);
  const merge = useMergeClusters(projectId);
  const split = useSplitCluster(projectId);
  const [repoOpen, setRepoOpen] = useState(false);
  const busy = bulk.isPending || merge.isPending;
  const ids = selected.map((c) => c.id);
  const target = selected[0];

  const setState = (input: { status?: 'ignored' | 'resolved' | 'new'; repo?: string | null }, done: string) =>
    bulk.mutate(
      { clusterIds: ids, ...input },
      {
        onSuccess: ({ previous }) => {
          onDone();
          toast({
            message: `${plural(ids.length, 'cluster')} ${done}.`,
            undo: () => bulk.mutateAsync({ restore: previous }),
          });
        },
      },
    );

  const doMerge = () => {
    if (target === undefined) return;
    const sourceIds = ids.slice(1);
    merge.mutate(
      { targetId: target.id, sourceIds },
      {
        onSuccess: (res) => {
          onDone();
          toast({
            message: `Merged ${plural(sourceIds.length, 'cluster')} into "${target.title}".`,
            undo: async () => {
              for (const m of res.moved)
                if (m.itemIds.length > 0)
                  await split.mutateAsync({ clusterId: target.id, itemIds: m.itemIds });
            },
          });
        },
      },
    );
  };

  const saveRepo = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const repo = String(new FormData(e.currentTarget).get('repo') ?? '').trim();
    setState(
      { repo: repo === '' ? null : repo },
      repo === '' ? 'use the project repository' : `now use ${repo}`,
    );
    setRepoOpen(false);
  };

  if (selected.length === 0) return null;
  return (
    <div className="bulk-toolbar" role="toolbar" aria-label="Selected clusters">
      <strong>{plural(selected.length, 'cluster')} selected</strong>
      <button
        type="button"
        className="button-primary"
        disabled={busy || selected.length < 2}
        title={selected.length < 2 ? 'Select at least two clusters' : `Merge into "${target?.title ?? ''}"`}
        onClick={doMerge}
      >
        Merge
      </button>
      <button type="button" disabled={busy} onClick={() => setState({ status: 'ignored' }, 'ignored')}>
        Ignore
      </button>
      <button type="button" disabled={busy} onClick={() => setState({ status: 'resolved' }, 'resolved')}>
        Resolve
      </button>
      <button type="button" disabled={busy} onClick={() => setState({ status: 'new' }, 'reopened')}>
        Reopen
      </button>
      {repoOpen ? (
        <form className="row" onSubmit={saveRepo}>
          <label htmlFor={repoId}>Repository</label>
          <input
            id={repoId}
            name="repo"
            autoFocus
            placeholder="owner/name (blank: project's)"
            pattern="[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+"
            title="owner/name"
          />
          <button type="submit" disabled={busy}>
            Set repository
          </button>
        </form>
      ) : (
        <button type="button" disabled={busy} onClick={() => setRepoOpen(true)}>
          Set repository…
        </button>
      )}
      <button type="button" className="push-right" onClick={onDone}>
        Clear selection
      </button>
      {selected.length >= 2 && target !== undefined && (
        <p className="muted small full">Merge keeps the first selected cluster, "{target.title}".</p>
      )}
      <FormError error={bulk.error ?? merge.error} />
    </div>
  );
}
