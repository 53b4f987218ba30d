import { FormError } from '../../../components/error-message';
import type { Fix } from '../../../lib/api-types';
import { usePullRequestReview, useFollowUp, useRefreshReview, type PullRequestFeedback } from '../api/github';

const FAILED = ['failure', 'timed_out', 'cancelled', 'action_required', 'error'];

function Entry({ f }: { f: PullRequestFeedback }) {
  const where = f.path !== null ? `${f.path}${f.line !== null ? `:${f.line}` : ''}` : null;
  return (
    <li className={`review-entry review-${f.kind}`}>
      <div className="muted small">
        {f.kind === 'check' ? 'check' : (f.author ?? 'someone')}
        {f.state !== null && <> · {f.state.replace(/_/g, ' ')}</>}
        {where !== null && (
          <>
            {' '}
            · <code>{where}</code>
          </>
        )}
        {f.url !== null && (
          <>
            {' '}
            ·{' '}
            <a href={f.url} target="_blank" rel="noreferrer noopener">
              on GitHub
            </a>
          </>
        )}
      </div>
      <pre className="review-body">{f.body}</pre>
    </li>
  );
}

/**
 * What reviewers and checks said on a fix's open pull request, and the follow-ups that send it to the
 * agent: it runs again on the same branch, and the server pushes to the same PR.
 */
export function ReviewPanel({ projectId, job, busy }: { projectId: string; job: Fix; busy: boolean }) {
  const review = usePullRequestReview(projectId, job.id);
  const refresh = useRefreshReview(projectId, job.id);
  const followUp = useFollowUp(projectId, job.clusterId, job.id);
  if (review.isPending || review.isError) return null;
  const r = review.data;
  const disabled = busy || followUp.isPending || r.prState !== 'open';
  return (
    <div className="review-panel" aria-label={`Review of PR #${r.prNumber}`}>
      <div className="row">
        <strong>Review</strong>
        <span className="muted small">
          {r.comments.length} comment{r.comments.length === 1 ? '' : 's'}, {r.failingChecks} failing check
          {r.failingChecks === 1 ? '' : 's'}
        </span>
        <span className="row push-right">
          <button type="button" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
            {refresh.isPending ? 'Asking GitHub…' : 'Refresh'}
          </button>
          <button
            type="button"
            disabled={disabled || r.toAddress === 0}
            onClick={() => followUp.mutate('review')}
          >
            Address review{r.toAddress > 0 ? ` (${r.toAddress})` : ''}
          </button>
          <button
            type="button"
            disabled={disabled || r.failingChecks === 0}
            onClick={() => followUp.mutate('checks')}
          >
            Fix failing checks{r.failingChecks > 0 ? ` (${r.failingChecks})` : ''}
          </button>
        </span>
      </div>
      {r.comments.length > 0 && (
        <ul className="review-list">
          {r.comments.map((f) => (
            <Entry key={f.id} f={f} />
          ))}
        </ul>
      )}
      {r.checks.some((c) => FAILED.includes(c.state ?? '')) && (
        <ul className="review-list">
          {r.checks
            .filter((c) => FAILED.includes(c.state ?? ''))
            .map((f) => (
              <Entry key={f.id} f={f} />
            ))}
        </ul>
      )}
      <FormError error={refresh.error ?? followUp.error} />
    </div>
  );
}
