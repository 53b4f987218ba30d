import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../../../components/error-message';
import { useToast } from '../../../components/toast';
import type { FeedbackItem } from '../../../lib/api-types';
import { useClusters } from '../api/clusters';
import { useDeleteItem, useEditItem, useMoveItem } from '../api/triage';

type Mode = 'idle' | 'move' | 'edit' | 'delete';
const NEW_CLUSTER = 'new';

/** Corrections to one report: move it to another cluster (or a new one), edit it, delete it. */
export function ItemActions({
  projectId,
  item,
  clusterId,
  remaining,
}: {
  projectId: string;
  item: FeedbackItem;
  clusterId: string;
  /** reports left here once this one goes */
  remaining: number;
}) {
  const ids = { target: useId(), title: useId(), body: useId(), repo: useId() };
  const [mode, setMode] = useState<Mode>('idle');
  const toast = useToast();
  const move = useMoveItem(projectId);
  const edit = useEditItem(projectId);
  const del = useDeleteItem(projectId);
  const navigate = useNavigate();
  const leaveIfEmptied = () => {
    if (remaining === 0) void navigate('/dashboard/clusters');
    return false;
  };
  const failed = (what: string, err: unknown) =>
    toast({
      message: `Could not ${what} the report: ${err instanceof Error ? err.message : String(err)}`,
      error: true,
    });
  const targets = useClusters(projectId, { sort: 'last_seen', limit: 100 }, mode === 'move');

  const submitMove = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get('target') ?? NEW_CLUSTER);
    const target = value === NEW_CLUSTER ? null : value;
    const name =
      target === null
        ? 'a new cluster'
        : `"${targets.data?.items.find((c) => c.id === target)?.title ?? 'the chosen cluster'}"`;
    // the last report leaving empties (removes) this cluster: leave its page first, so nothing asks for it
    leaveIfEmptied();
    move
      .mutateAsync({ itemId: item.id, clusterId: target })
      .then(() => {
        setMode('idle');
        toast({
          message: `Moved "${item.title}" to ${name}.`,
          undo: () => move.mutateAsync({ itemId: item.id, clusterId: remaining === 0 ? null : clusterId }),
        });
      })
      .catch((err: unknown) => failed('move', err));
  };

  const submitEdit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const repo = String(data.get('repo') ?? '').trim();
    const patch = {
      title: String(data.get('title') ?? '').trim(),
      body: String(data.get('body') ?? ''),
      repo: repo === '' ? null : repo,
    };
    const before = { title: item.title, body: item.body, repo: item.repo };
    edit.mutate(
      { itemId: item.id, patch },
      {
        onSuccess: () => {
          setMode('idle');
          toast({
            message: 'Report saved. The cluster summary is being rewritten.',
            undo: () => edit.mutateAsync({ itemId: item.id, patch: before }),
          });
        },
      },
    );
  };

  return (
    <div className="item-actions">
      {mode === 'idle' && (
        <div className="row">
          <button type="button" className="button-small" onClick={() => setMode('move')}>
            Move…
          </button>
          <button type="button" className="button-small" onClick={() => setMode('edit')}>
            Edit
          </button>
          <button type="button" className="button-small" onClick={() => setMode('delete')}>
            Delete
          </button>
        </div>
      )}
      {mode === 'move' && (
        <form className="row" onSubmit={submitMove} aria-label={`Move "${item.title}"`}>
          <label htmlFor={ids.target}>Move to</label>
          <select id={ids.target} name="target" defaultValue={NEW_CLUSTER} autoFocus>
            <option value={NEW_CLUSTER}>A new cluster of its own</option>
            {(targets.data?.items ?? [])
              .filter((c) => c.id !== clusterId && c.status !== 'fixing' && c.status !== 'pr_opened')
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title || 'Untitled cluster'} ({c.itemCount})
                </option>
              ))}
          </select>
          <button type="submit" disabled={move.isPending}>
            Move report
          </button>
          <button type="button" onClick={() => setMode('idle')}>
            Cancel
          </button>
        </form>
      )}
      {mode === 'edit' && (
        <form className="item-edit" onSubmit={submitEdit} aria-label={`Edit "${item.title}"`}>
          <div className="field">
            <label htmlFor={ids.title}>Report title</label>
            <input
              id={ids.title}
              name="title"
              defaultValue={item.title}
              required
              maxLength={1000}
              autoFocus
            />
          </div>
          <div className="field">
            <label htmlFor={ids.body}>Report text</label>
            <textarea id={ids.body} name="body" defaultValue={item.body} rows={4} />
          </div>
          <div className="field">
            <label htmlFor={ids.repo}>Repository it concerns</label>
            <input
              id={ids.repo}
              name="repo"
              defaultValue={item.repo ?? ''}
              placeholder="owner/name (optional)"
              pattern="[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+"
              title="owner/name"
            />
          </div>
          <div className="row">
            <button type="submit" className="button-primary" disabled={edit.isPending}>
              Save report
            </button>
            <button type="button" onClick={() => setMode('idle')}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {mode === 'delete' && (
        <div className="row" role="alert">
          <span>
            Delete this report for good? Its cluster is recounted
            {remaining === 0 ? ' and, being empty, removed with its plan' : ' and its summary rewritten'}.
          </span>
          <button
            type="button"
            className="button-danger"
            disabled={del.isPending}
            onClick={() =>
              leaveIfEmptied() ||
              del
                .mutateAsync(item.id)
                .then(() => {
                  setMode('idle');
                  toast({ message: `Deleted "${item.title}".` });
                })
                .catch((err: unknown) => failed('delete', err))
            }
          >
            Delete report
          </button>
          <button type="button" onClick={() => setMode('idle')}>
            Cancel
          </button>
        </div>
      )}
      <FormError error={move.error ?? edit.error ?? del.error} />
    </div>
  );
}
