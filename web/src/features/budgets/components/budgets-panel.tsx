import { useId, type FormEvent } from 'react';
import { ErrorMessage, FormError } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { useCurrentProject } from '../../../lib/project-context';
import { useBudgets, useSetBudgets, type Limits } from '../api/budgets';

const fields: { name: keyof Limits; label: string; used: (u: BudgetsUsage) => number }[] = [
  { name: 'maxConcurrentFixes', label: 'Fixes running at once', used: (u) => u.activeFixes },
  { name: 'fixesPerDay', label: 'Fixes started per day (UTC)', used: (u) => u.fixesToday },
  {
    name: 'agentMinutesPerMonth',
    label: 'Agent minutes per month (UTC)',
    used: (u) => u.agentMinutesThisMonth,
  },
];
type BudgetsUsage = { activeFixes: number; fixesToday: number; agentMinutesThisMonth: number };

/** The fix budgets and how much of each is used; owners change the limits (empty = no limit). */
export function BudgetsPanel() {
  const project = useCurrentProject();
  const budgets = useBudgets(project.id);
  const save = useSetBudgets(project.id);
  const formId = useId();
  const isOwner = project.role === 'owner';

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const value = (name: keyof Limits) => {
      const raw = String(data.get(name) ?? '').trim();
      return raw === '' ? null : Number(raw);
    };
    save.mutate({
      maxConcurrentFixes: value('maxConcurrentFixes'),
      fixesPerDay: value('fixesPerDay'),
      agentMinutesPerMonth: value('agentMinutesPerMonth'),
    });
  };

  return (
    <section className="card" aria-labelledby="budgets-heading">
      <h2 id="budgets-heading">Fix budgets</h2>
      {budgets.isPending && <Loading label="Loading budgets…" />}
      {budgets.isError && <ErrorMessage error={budgets.error} onRetry={() => void budgets.refetch()} />}
      {budgets.data !== undefined && (
        <form
          key={JSON.stringify(budgets.data.limits)}
          onSubmit={submit}
          aria-label="Fix budgets"
          className="stack"
        >
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Budget</th>
                <th scope="col" className="num">
                  Used
                </th>
                <th scope="col">Limit</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f.name}>
                  <td>
                    <label htmlFor={`${formId}-${f.name}`}>{f.label}</label>
                  </td>
                  <td className="num">{f.used(budgets.data.usage)}</td>
                  <td>
                    <input
                      id={`${formId}-${f.name}`}
                      name={f.name}
                      type="number"
                      min={0}
                      placeholder="no limit"
                      defaultValue={budgets.data.limits[f.name] ?? ''}
                      disabled={!isOwner}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            The daily count starts again at {new Date(budgets.data.resets.day).toLocaleString()}, the monthly
            one at {new Date(budgets.data.resets.month).toLocaleString()}. Starting a fix beyond a limit is
            refused.
          </p>
          {isOwner ? (
            <button type="submit" disabled={save.isPending}>
              Save budgets
            </button>
          ) : (
            <p className="muted small">Only owners can change the budgets.</p>
          )}
        </form>
      )}
      <FormError error={save.error} />
    </section>
  );
}
