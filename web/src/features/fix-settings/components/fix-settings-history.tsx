import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { RelativeTime } from '../../../components/relative-time';
import { useCurrentProject } from '../../../lib/project-context';
import { useFixSettingsChanges, type FixSettingsChange } from '../api/fix-settings-changes';

const labels: Record<string, string> = {
  agent: 'Agent',
  runner: 'Runner',
  model: 'Model',
  testCommand: 'Test command',
  baseBranch: 'Base branch',
  timeoutSeconds: 'Time limit (s)',
  commentOnIssues: 'Comment on source issues',
};

const Value = ({ v }: { v: FixSettingsChange['changes'][number]['old'] }) =>
  v === null ? <span className="muted">unset</span> : <code>{String(v)}</code>;

/**
 * Who changed what this project's fixes run (agent, runner, test command, time limit), and when: these
 * settings decide what executes on the server, so every change stays visible to every member.
 */
export function FixSettingsHistory() {
  const project = useCurrentProject();
  const changes = useFixSettingsChanges(project.id);
  const items = changes.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="fix-settings-history">
      <h2 id="fix-settings-history">History</h2>
      {changes.isPending && <Loading label="Loading changes…" />}
      {changes.isError && <ErrorMessage error={changes.error} onRetry={() => void changes.refetch()} />}
      {changes.isSuccess && items.length === 0 && (
        <p className="muted small">No changes yet: fixes use the server&apos;s defaults.</p>
      )}
      <ul className="item-list">
        {items.map((c) => (
          <li key={c.id} className="item">
            <div className="item-head">
              <strong>{c.actor?.login ?? 'a deleted user'}</strong>
              <RelativeTime iso={c.at} />
            </div>
            <ul>
              {c.changes.map((ch) => (
                <li key={ch.field}>
                  {labels[ch.field] ?? ch.field}: <Value v={ch.old} /> → <Value v={ch.new} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p className="muted small">Only a signed-in owner can change these settings; API keys cannot.</p>
    </section>
  );
}
