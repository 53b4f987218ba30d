import { ErrorMessage, FormError } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { RelativeTime } from '../../../components/relative-time';
import { useGeneratePlan, usePlan, type CodingPlan } from '../api/plan';
import { PlanEditor } from './plan-editor';

const kindLabel: Record<CodingPlan['kind'], string> = {
  heuristic: 'Heuristic plan (no LLM configured): from stack traces and code search',
  llm: 'Written by the configured LLM',
  edited: 'Edited by hand',
};

export function PlanPanel({
  projectId,
  clusterId,
  editing,
  setEditing,
}: {
  projectId: string;
  clusterId: string;
  /** the editor's state lives with the page: Start fix waits while the plan is being edited */
  editing: boolean;
  setEditing: (editing: boolean) => void;
}) {
  const plan = usePlan(projectId, clusterId);
  const generate = useGeneratePlan(projectId, clusterId);

  return (
    <section className="card" aria-labelledby="plan-heading">
      <div className="card-head">
        <h2 id="plan-heading">Coding plan</h2>
        {plan.data !== undefined && !editing && (
          <div className="row">
            <button
              type="button"
              className={plan.data === null ? 'button-primary' : undefined}
              onClick={() => generate.mutate()}
              disabled={generate.isPending}
            >
              {generate.isPending ? 'Generating…' : plan.data === null ? 'Generate plan' : 'Regenerate plan'}
            </button>
            {plan.data !== null && (
              <button type="button" onClick={() => setEditing(true)}>
                Edit plan
              </button>
            )}
          </div>
        )}
      </div>
      <FormError error={generate.error} />
      {plan.isPending && <Loading label="Loading plan…" />}
      {plan.isError && <ErrorMessage error={plan.error} onRetry={() => void plan.refetch()} />}
      {plan.data === null && (
        <p className="muted">
          No plan yet. Generate one: it lists the files to change and the steps, grounded in the repository,
          and you can edit it before starting a fix.
        </p>
      )}
      {plan.data != null && editing && (
        <PlanEditor
          projectId={projectId}
          clusterId={clusterId}
          plan={plan.data}
          onClose={() => setEditing(false)}
        />
      )}
      {plan.data?.staleReason != null && (
        <p className="notice">
          This plan may be out of date: {plan.data.staleReason} after it was written. Regenerate it, or edit
          and save it to keep it.
        </p>
      )}
      {plan.data != null && !editing && (
        <div className="plan">
          <p className="muted small">
            {kindLabel[plan.data.kind]}
            {plan.data.model !== null && ` (${plan.data.model})`}
            {plan.data.commitSha !== null && ` · at ${plan.data.commitSha.slice(0, 7)}`} · updated{' '}
            <RelativeTime iso={plan.data.updatedAt} />
          </p>
          {plan.data.summary !== '' && <p>{plan.data.summary}</p>}
          <h3>Files to change</h3>
          {plan.data.files.length === 0 ? (
            <p className="muted">No files identified; edit the plan to add them.</p>
          ) : (
            <ul className="plan-files">
              {plan.data.files.map((f, i) => (
                <li key={`${f.path}-${i}`}>
                  <code>{f.path}</code> — {f.reason}
                </li>
              ))}
            </ul>
          )}
          <h3>Tasks</h3>
          <ol className="plan-tasks">
            {plan.data.tasks.map((t, i) => (
              <li key={`${t.title}-${i}`}>
                <strong>{t.title}</strong>
                {t.detail !== '' && <p>{t.detail}</p>}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
