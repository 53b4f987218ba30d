import { useId, type FormEvent } from 'react';
import { FormError } from '../../../components/error-message';
import type { Cluster } from '../../../lib/api-types';
import { useUpdateCluster } from '../api/clusters';

/** Triage: the repository fixes go to, and ignoring (or un-ignoring) the cluster. */
export function ClusterSettings({ projectId, cluster }: { projectId: string; cluster: Cluster }) {
  const repoId = useId();
  const update = useUpdateCluster(projectId, cluster.id);
  const saveRepo = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const repo = String(new FormData(e.currentTarget).get('repo') ?? '').trim();
    update.mutate({ repo: repo === '' ? null : repo });
  };
  const busy = cluster.status === 'fixing';
  return (
    <section className="card" aria-labelledby={`${repoId}-heading`}>
      <h2 id={`${repoId}-heading`}>Triage</h2>
      <div className="row">
        <form className="field inline" onSubmit={saveRepo}>
          <label htmlFor={repoId}>Repository for fixes</label>
          <input
            id={repoId}
            name="repo"
            defaultValue={cluster.repo ?? ''}
            placeholder="owner/name (blank: project default)"
            pattern="[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+"
            title="owner/name"
            disabled={busy}
          />
          <button type="submit" disabled={busy || update.isPending}>
            Save repository
          </button>
        </form>
        {cluster.status === 'ignored' ? (
          <button type="button" onClick={() => update.mutate({ status: 'new' })} disabled={update.isPending}>
            Stop ignoring
          </button>
        ) : (
          <button
            type="button"
            onClick={() => update.mutate({ status: 'ignored' })}
            disabled={busy || update.isPending}
          >
            Ignore cluster
          </button>
        )}
      </div>
      {busy && <p className="muted small">A fix is running; triage changes wait until it ends.</p>}
      <FormError error={update.error} />
    </section>
  );
}
