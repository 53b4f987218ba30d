import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../../../components/error-message';
import { useSavePlan, type CodingPlan, type PlanInput } from '../api/plan';

/** Edits summary, files and ordered tasks; saving stores the plan as kind 'edited'. */
export function PlanEditor({
  projectId,
  clusterId,
  plan,
  onClose,
}: {
  projectId: string;
  clusterId: string;
  plan: CodingPlan;
  onClose: () => void;
}) {
  const id = useId();
  const save = useSavePlan(projectId, clusterId);
  const [draft, setDraft] = useState<PlanInput>({
    summary: plan.summary,
    files: plan.files.map((f) => ({ ...f })),
    tasks: plan.tasks.map((t) => ({ ...t })),
  });
  const setFile = (i: number, patch: Partial<PlanInput['files'][number]>) =>
    setDraft((d) => ({ ...d, files: d.files.map((f, j) => (j === i ? { ...f, ...patch } : f)) }));
  const setTask = (i: number, patch: Partial<PlanInput['tasks'][number]>) =>
    setDraft((d) => ({ ...d, tasks: d.tasks.map((t, j) => (j === i ? { ...t, ...patch } : t)) }));
  const moveTask = (i: number, by: -1 | 1) =>
    setDraft((d) => {
      const tasks = [...d.tasks];
      const [t] = tasks.splice(i, 1);
      if (t !== undefined) tasks.splice(i + by, 0, t);
      return { ...d, tasks };
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        summary: draft.summary.trim(),
        files: draft.files.filter((f) => f.path.trim() !== ''),
        tasks: draft.tasks.filter((t) => t.title.trim() !== ''),
      },
      { onSuccess: onClose },
    );
  };

  return (
    <form className="form plan-editor" onSubmit={submit} aria-label="Edit coding plan">
      <div className="field">
        <label htmlFor={`${id}-summary`}>Summary</label>
        <textarea
          id={`${id}-summary`}
          rows={3}
          value={draft.summary}
          onChange={(e) => setDraft((d) => ({ ...d, summary: e.target.value }))}
        />
      </div>
      <fieldset>
        <legend>Files to change</legend>
        {draft.files.map((f, i) => (
          <div className="row editor-row" key={i}>
            <div className="field">
              <label htmlFor={`${id}-fp-${i}`}>Path {i + 1}</label>
              <input
                id={`${id}-fp-${i}`}
                value={f.path}
                onChange={(e) => setFile(i, { path: e.target.value })}
              />
            </div>
            <div className="field grow">
              <label htmlFor={`${id}-fr-${i}`}>Why</label>
              <input
                id={`${id}-fr-${i}`}
                value={f.reason}
                onChange={(e) => setFile(i, { reason: e.target.value })}
              />
            </div>
            <button
              type="button"
              onClick={() => setDraft((d) => ({ ...d, files: d.files.filter((_, j) => j !== i) }))}
            >
              Remove file {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => setDraft((d) => ({ ...d, files: [...d.files, { path: '', reason: '' }] }))}
        >
          Add file
        </button>
      </fieldset>
      <fieldset>
        <legend>Tasks, in order</legend>
        {draft.tasks.map((t, i) => (
          <div className="editor-task" key={i}>
            <div className="field">
              <label htmlFor={`${id}-tt-${i}`}>Task {i + 1}</label>
              <input
                id={`${id}-tt-${i}`}
                value={t.title}
                onChange={(e) => setTask(i, { title: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-td-${i}`}>Detail</label>
              <textarea
                id={`${id}-td-${i}`}
                rows={2}
                value={t.detail}
                onChange={(e) => setTask(i, { detail: e.target.value })}
              />
            </div>
            <div className="row">
              <button type="button" disabled={i === 0} onClick={() => moveTask(i, -1)}>
                Move up
              </button>
              <button type="button" disabled={i === draft.tasks.length - 1} onClick={() => moveTask(i, 1)}>
                Move down
              </button>
              <button
                type="button"
                onClick={() => setDraft((d) => ({ ...d, tasks: d.tasks.filter((_, j) => j !== i) }))}
              >
                Remove task {i + 1}
              </button>
            </div>
          </div>
        ))}
        <button
          type="button"
          onClick={() => setDraft((d) => ({ ...d, tasks: [...d.tasks, { title: '', detail: '' }] }))}
        >
          Add task
        </button>
      </fieldset>
      <FormError error={save.error} />
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save plan'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
