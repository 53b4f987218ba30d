import { useEffect, useId, useState } from 'react';
import { FormError } from '../../../components/error-message';
import { useToast } from '../../../components/toast';
import { useClusteringProgress, useRecluster, useSetThreshold, useThresholdPreview } from '../api/triage';

/** The project's similarity threshold with a preview of the clusters it gives, and re-clustering. */
export function ClusteringSettings({ projectId }: { projectId: string }) {
  const ids = { threshold: useId(), heading: useId() };
  const toast = useToast();
  const [draft, setDraft] = useState<number | undefined>(undefined);
  // the slider moves freely; the preview asks the server once it rests for a moment
  const [asked, setAsked] = useState<number | undefined>(undefined);
  useEffect(() => {
    const t = setTimeout(() => setAsked(draft), 250);
    return () => clearTimeout(t);
  }, [draft]);
  // the preview clusters a sample of the project's reports: ask only once the panel is opened, so it
  // does not compete with the clusters list on the page's first load
  const [open, setOpen] = useState(false);
  const preview = useThresholdPreview(projectId, asked, open);
  const save = useSetThreshold(projectId);
  const recluster = useRecluster(projectId);
  const [confirming, setConfirming] = useState(false);
  // started: when the re-cluster was queued; it runs until a progress reading taken after that finds
  // every report placed
  const [started, setStarted] = useState<number | undefined>(undefined);
  const [queuedAt, setQueuedAt] = useState<number | undefined>(undefined);
  const progress = useClusteringProgress(projectId, started !== undefined, queuedAt);
  const p = progress.data;
  const running =
    started !== undefined &&
    (queuedAt === undefined || progress.dataUpdatedAt <= queuedAt || (p?.unclustered ?? 1) > 0);
  const finished = started !== undefined && !running;

  const currentThreshold = preview.data?.current;
  const value = draft ?? currentThreshold ?? 0.5;
  return (
    <details className="card clustering-settings" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary id={ids.heading}>Clustering: threshold and re-cluster</summary>
      <div className="field">
        <label htmlFor={ids.threshold}>
          Similarity threshold: <strong>{value.toFixed(2)}</strong>
          {currentThreshold !== undefined && (
            <span className="muted"> (saved: {currentThreshold.toFixed(2)})</span>
          )}
        </label>
        <input
          id={ids.threshold}
          type="range"
          min={0.3}
          max={0.95}
          step={0.01}
          value={value}
          onChange={(e) => setDraft(Number(e.target.value))}
        />
        <p className="hint" aria-live="polite">
          {preview.data !== undefined &&
            `At ${preview.data.threshold.toFixed(2)}: about ${preview.data.clusters} clusters from ${preview.data.items} reports${
              preview.data.sampled ? ` (the newest of ${preview.data.totalItems})` : ''
            }. `}
          Higher makes more, tighter clusters; lower merges more reports together.
        </p>
      </div>
      <div className="row">
        <button
          type="button"
          disabled={draft === undefined || save.isPending}
          onClick={() =>
            draft !== undefined &&
            save.mutate(draft, {
              onSuccess: () => {
                const before = currentThreshold;
                toast({
                  message: `Threshold saved: ${draft.toFixed(2)}. New reports use it; re-cluster to apply it to all.`,
                  ...(before !== undefined && { undo: () => save.mutateAsync(before) }),
                });
              },
            })
          }
        >
          Save threshold
        </button>
        {confirming ? (
          <>
            <span role="alert">
              Re-cluster dissolves every new or ignored cluster and clusters its reports again. Continue?
            </span>
            <button
              type="button"
              className="button-danger"
              onClick={() => {
                setConfirming(false);
                setStarted(Date.now());
                setQueuedAt(undefined);
                recluster.mutate(undefined, { onSettled: () => setQueuedAt(Date.now()) });
              }}
            >
              Yes, re-cluster
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" disabled={running} onClick={() => setConfirming(true)}>
            Re-cluster project…
          </button>
        )}
      </div>
      {running && (
        <div className="progress-line">
          <progress
            max={p?.total ?? 1}
            value={p === undefined ? 0 : p.total - p.unclustered}
            aria-label="Re-clustering progress"
          />
          <span className="small muted">
            {p === undefined
              ? 'Starting…'
              : `${p.total - p.unclustered} of ${p.total} reports placed · ${p.clusters} clusters`}
          </span>
        </div>
      )}
      {finished && p !== undefined && (
        <p className="success small">
          Re-clustering finished: {p.total} reports in {p.clusters} clusters.
        </p>
      )}
      <FormError error={save.error ?? recluster.error} />
    </details>
  );
}
