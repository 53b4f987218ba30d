import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage, FormError } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { PageHeader } from '../../../components/page-header';
import { useToast } from '../../../components/toast';
import { useCurrentProject } from '../../../lib/project-context';
import {
  useAgentReadiness,
  useFixSettings,
  useSaveFixSettings,
  type FixAgents,
  type FixSettings,
} from '../api/fix-settings';
import { FixSettingsHistory } from './fix-settings-history';

type Runner = NonNullable<FixSettings['runner']>;
/** every runner the server accepts, in the order offered; the check below fails the build if one is missing */
const runners = ['local', 'e2b', 'fargate'] as const satisfies readonly Runner[];
export const everyRunnerListed: [Exclude<Runner, (typeof runners)[number]>] extends [never] ? true : never =
  true;
const runnerLabel: Record<Runner, string> = {
  local: 'Local (this server, in a sandbox)',
  e2b: 'E2B (cloud sandbox)',
  fargate: 'AWS Fargate',
};

function readForm(data: FormData): FixSettings {
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const out: FixSettings = {};
  if (text('agent') !== '') out.agent = text('agent') as NonNullable<FixSettings['agent']>;
  if (text('runner') !== '') out.runner = text('runner') as Runner;
  if (text('model') !== '') out.model = text('model');
  if (text('testCommand') !== '') out.testCommand = text('testCommand');
  if (text('baseBranch') !== '') out.baseBranch = text('baseBranch');
  if (text('timeoutMinutes') !== '') out.timeoutSeconds = Math.round(Number(text('timeoutMinutes')) * 60);
  return out;
}

/**
 * What a fix runs for this project: agent, runner, model, test command, time limit. Owners edit it;
 * members see it read-only. Beside it, which agent CLIs the server has, and who changed what.
 */
export function FixSettingsPage() {
  const project = useCurrentProject();
  const settings = useFixSettings(project.id);
  const [runnerChoice, setRunnerChoice] = useState<string | undefined>(undefined);
  const runner = runnerChoice ?? settings.data?.runner;
  const agents = useAgentReadiness(project.id, runner === '' ? undefined : runner);
  const save = useSaveFixSettings(project.id);
  const toast = useToast();
  const id = useId();
  const isOwner = project.role === 'owner';

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate(readForm(new FormData(e.currentTarget)), {
      onSuccess: () => toast({ message: 'Fix settings saved. The next fix uses them.' }),
    });
  };
  const s = settings.data;
  return (
    <>
      <PageHeader title="Fix settings" />
      <p className="muted">
        What runs when someone starts a fix in <strong>{project.name}</strong>. A field left empty uses the
        server&apos;s default.
      </p>
      {settings.isPending && <Loading label="Loading fix settings…" />}
      {settings.isError && <ErrorMessage error={settings.error} onRetry={() => void settings.refetch()} />}
      {s !== undefined && (
        <div className="two-col wide-left">
          <form className="card form" onSubmit={submit} aria-label="Fix settings" key={JSON.stringify(s)}>
            {!isOwner && (
              <p className="notice" role="note">
                Only a project owner, signed in, can change these settings; you see them read-only.
              </p>
            )}
            <fieldset disabled={!isOwner || save.isPending}>
              <div className="field">
                <label htmlFor={`${id}-agent`}>Agent</label>
                <select id={`${id}-agent`} name="agent" defaultValue={s.agent ?? ''}>
                  <option value="">Server default{agents.data ? ` (${agents.data.agent})` : ''}</option>
                  {(agents.data?.agents ?? []).map((a) => (
                    <option key={a.name} value={a.name}>
                      {a.name}
                      {a.installed === false ? ' (not installed)' : ''}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-runner`}>Runner</label>
                <select
                  id={`${id}-runner`}
                  name="runner"
                  defaultValue={s.runner ?? ''}
                  onChange={(e) => setRunnerChoice(e.target.value)}
                >
                  <option value="">Server default</option>
                  {runners.map((r) => (
                    <option key={r} value={r}>
                      {runnerLabel[r]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-model`}>Model</label>
                <input
                  id={`${id}-model`}
                  name="model"
                  defaultValue={s.model ?? ''}
                  placeholder="the agent's default"
                  maxLength={200}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-test`}>Test command</label>
                <input
                  id={`${id}-test`}
                  name="testCommand"
                  defaultValue={s.testCommand ?? ''}
                  placeholder="e.g. npm test"
                  maxLength={2000}
                  spellCheck={false}
                  aria-describedby={`${id}-test-hint`}
                />
                <p className="hint" id={`${id}-test-hint`}>
                  Runs in the checkout after the agent; a non-zero exit fails the fix.
                </p>
              </div>
              <div className="field">
                <label htmlFor={`${id}-branch`}>Base branch</label>
                <input
                  id={`${id}-branch`}
                  name="baseBranch"
                  defaultValue={s.baseBranch ?? ''}
                  placeholder="the repository's default branch"
                  maxLength={200}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-timeout`}>Time limit (minutes)</label>
                <input
                  id={`${id}-timeout`}
                  name="timeoutMinutes"
                  type="number"
                  min={1}
                  max={720}
                  step="any"
                  defaultValue={s.timeoutSeconds === undefined ? '' : s.timeoutSeconds / 60}
                  placeholder="server default"
                />
              </div>
              {isOwner && (
                <button type="submit" className="button-primary">
                  {save.isPending ? 'Saving…' : 'Save fix settings'}
                </button>
              )}
            </fieldset>
            <FormError error={save.error} />
          </form>
          <AgentsInstalled agents={agents.data} pending={agents.isPending} error={agents.error} />
        </div>
      )}
      <FixSettingsHistory />
    </>
  );
}

function AgentsInstalled({
  agents,
  pending,
  error,
}: {
  agents: FixAgents | undefined;
  pending: boolean;
  error: unknown;
}) {
  return (
    <section className="card" aria-labelledby="agents-installed">
      <h2 id="agents-installed">Agent CLIs on the server</h2>
      {pending && <Loading label="Checking agents…" />}
      {error !== null && error !== undefined && <ErrorMessage error={error} />}
      {agents !== undefined && (
        <>
          <p className="muted small">
            For the <strong>{agents.runner}</strong> runner; fixes use <strong>{agents.agent}</strong> now.
          </p>
          <ul className="plain-list agent-list">
            {agents.agents.map((a) => (
              <li key={a.name}>
                <strong>{a.name}</strong>
                <span
                  className={`badge ${a.installed === true ? 'badge-resolved' : a.installed === false ? 'badge-failed' : 'badge-ignored'}`}
                >
                  {a.installed === true
                    ? 'installed'
                    : a.installed === false
                      ? 'not installed'
                      : 'in the sandbox'}
                </span>
                {a.missingEnv.length > 0 && (
                  <span className="small muted">needs {a.missingEnv.join(', ')}</span>
                )}
                {a.problem !== null && <span className="small form-error">{a.problem}</span>}
                {a.installed === false && a.installHint !== null && (
                  <span className="small muted">{a.installHint}</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
