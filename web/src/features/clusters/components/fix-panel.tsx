import { useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { ErrorMessage, FormError } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { RelativeTime } from '../../../components/relative-time';
import { FixStatusBadge, PrStateBadge } from '../../../components/status-badge';
import type { Fix, Cluster } from '../../../lib/api-types';
import {
  useClusterFixes,
  useFixAgents,
  useInvalidateFixState,
  useFixAction,
  useStartFix,
} from '../api/fixes';
import { useFixReadiness } from '../api/triage';
import { FixLogView } from './fix-log-view';
import { ReviewPanel } from './review-panel';

const isActive = (j: Fix) => j.status === 'pending' || j.status === 'running';

/** Start Fix, and every fix job of the cluster with its live log. */
export function FixPanel({
  projectId,
  cluster,
  planEditing,
}: {
  projectId: string;
  cluster: Cluster;
  planEditing: boolean;
}) {
  const readiness = useFixReadiness(projectId, cluster.id, cluster.status);
  const jobs = useClusterFixes(projectId, cluster.id);
  const start = useStartFix(projectId, cluster.id);
  const agents = useFixAgents(projectId);
  // the reason Start Fix would be refused (agent CLI missing, API key unset), known before the click
  const agentProblem = agents.data?.agents.find((a) => a.name === agents.data.agent)?.problem ?? null;
  const action = useFixAction(projectId, cluster.id);
  const refresh = useInvalidateFixState(projectId, cluster.id);
  const [openJob, setOpenJob] = useState<string | null>(null);
  const items = jobs.data?.items ?? [];
  const running = items.some(isActive) || cluster.status === 'fixing';
  const shownJob = openJob ?? items[0]?.id ?? null;
  // the server says what is missing (the same checks Start fix makes), so a reload says the same
  const blockers = [
    ...(planEditing
      ? [{ message: 'The plan is being edited.', action: 'Save or cancel the edit first.' }]
      : []),
    ...(readiness.data?.missing.filter((m) => !(running && m.code === 'status')) ?? []),
  ];
  const ready = readiness.data?.ready === true && !planEditing;

  return (
    <section className="card" aria-labelledby="fix-heading">
      <div className="card-head">
        <h2 id="fix-heading">Fix</h2>
        <button
          type="button"
          className={ready && agentProblem === null ? 'button-primary' : undefined}
          aria-describedby={ready ? undefined : 'fix-blockers'}
          disabled={!ready || agentProblem !== null || running || start.isPending}
          onClick={() => start.mutate({}, { onSuccess: (job) => setOpenJob(job.id) })}
        >
          {start.isPending ? 'Starting…' : 'Start fix'}
        </button>
      </div>
      {blockers.length > 0 && (
        <div className="notice" id="fix-blockers">
          <p>
            <strong>Start fix is not available yet:</strong>
          </p>
          <ul className="blockers">
            {blockers.map((b) => (
              <li key={b.message}>
                {b.message} <span className="muted">{b.action}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {agentProblem !== null && (
        <p className="notice" role="status">
          The {agents.data?.agent} agent cannot run on the {agents.data?.runner} runner: {agentProblem}
        </p>
      )}
      {running && <p className="muted small">A fix is running; its log streams below.</p>}
      <FormError error={start.error ?? action.error} />
      {action.data?.cancel !== undefined && (
        <p className="muted small" role="status">
          Cancel: {action.data.cancel.message}
        </p>
      )}
      {jobs.isPending && <Loading label="Loading fixes…" />}
      {jobs.isError && <ErrorMessage error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {jobs.data !== undefined && items.length === 0 && (
        <EmptyState title="No fix has been attempted.">
          <p>
            Review the coding plan, then Start fix: an agent works on a branch and opens a pull request as
            you.
          </p>
        </EmptyState>
      )}
      {items.length > 0 && (
        <ul className="job-list">
          {items.map((job) => (
            <li key={job.id} className="job" id={`job-${job.id}`}>
              <div className="job-head">
                <FixStatusBadge status={job.status} />
                <span>
                  {job.agent} on {job.runner}
                  {job.attempt > 1 && ` · attempt ${job.attempt}`}
                  {job.followUp != null &&
                    (job.followUp.kind === 'review' ? ' · addresses review' : ' · fixes failing checks')}
                </span>
                <span className="muted small">
                  started <RelativeTime iso={job.startedAt ?? job.createdAt} />
                </span>
                {job.branch !== null && <code className="small">{job.branch}</code>}
                {job.prUrl !== null && (
                  <a href={job.prUrl} target="_blank" rel="noreferrer noopener">
                    PR #{job.prNumber ?? ''}
                  </a>
                )}
                <PrStateBadge state={job.prState} />
                <span className="row push-right">
                  {isActive(job) && (
                    <button
                      type="button"
                      onClick={() => action.mutate({ fixId: job.id, action: 'cancel' })}
                      disabled={action.isPending}
                    >
                      Cancel
                    </button>
                  )}
                  {job.id === items[0]?.id && (job.status === 'failed' || job.status === 'cancelled') && (
                    <button
                      type="button"
                      onClick={() => action.mutate({ fixId: job.id, action: 'retry' })}
                      disabled={action.isPending || running}
                    >
                      Retry
                    </button>
                  )}
                  <button
                    type="button"
                    aria-expanded={shownJob === job.id}
                    aria-controls={`log-${job.id}`}
                    onClick={() => setOpenJob(shownJob === job.id ? '' : job.id)}
                  >
                    {shownJob === job.id ? 'Hide log' : 'Show log'}
                  </button>
                </span>
              </div>
              {job.cancelRequested === true && isActive(job) && (
                <p className="muted small">Cancelling: the agent is being stopped.</p>
              )}
              {job.error !== null && <p className="form-error">{job.error}</p>}
              {job.testResult !== null && (
                <details className="test-result">
                  <summary>
                    Tests {job.testResult.passed ? 'passed' : `failed (exit ${job.testResult.exitCode})`}:{' '}
                    <code>{job.testResult.command}</code> in{' '}
                    {Math.round(job.testResult.durationMs / 100) / 10} s
                  </summary>
                  <pre className="log">{job.testResult.output || 'No output.'}</pre>
                </details>
              )}
              {job.prState === 'open' && job.id === items.find((j) => j.prNumber === job.prNumber)?.id && (
                <ReviewPanel projectId={projectId} job={job} busy={running} />
              )}
              {shownJob === job.id && (
                <FixLogView
                  key={job.id}
                  id={`log-${job.id}`}
                  projectId={projectId}
                  job={job}
                  onStatus={() => void refresh()}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
