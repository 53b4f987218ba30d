import { Link, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { useMe } from '../../../lib/session';

const oauthErrors: Record<string, string> = {
  access_denied: 'GitHub sign-in was cancelled. Try again when you are ready.',
  state_mismatch: 'The sign-in link expired or was opened in another browser. Start again.',
};

/**
 * GitHub OAuth starts with a plain link: /auth/github answers with the redirect to GitHub, so this page
 * needs no script to work. In local mode there is nothing to sign in to.
 */
export function SignInPage() {
  const me = useMe();
  const [params] = useSearchParams();
  const error = params.get('error');
  return (
    <main className="signin" id="main">
      <div className="signin-card">
        <h1>Soulcaster</h1>
        <p className="muted">From user feedback to merged fix.</p>
        {me.isPending && <Loading label="Checking your session…" />}
        {me.isError && <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />}
        {me.data?.mode === 'local' && (
          <>
            <p className="notice">
              This server runs in <strong>local mode</strong>: single user, reachable from this machine only,
              no sign-in needed.
            </p>
            <Link className="button button-primary" to="/dashboard">
              Open the dashboard
            </Link>
          </>
        )}
        {me.data?.mode === 'github' && (
          <>
            <p>
              Signed in as <strong>{me.data.user.login}</strong>.
            </p>
            <Link className="button button-primary" to="/dashboard">
              Open the dashboard
            </Link>
          </>
        )}
        {me.data === null && (
          <>
            {error !== null && (
              <p className="form-error" role="alert">
                {oauthErrors[error] ?? `Sign-in failed (${error}). Try again.`}
              </p>
            )}
            <a className="button button-primary button-github" href="/auth/github">
              Sign in with GitHub
            </a>
            <p className="muted small">
              Soulcaster asks for the <code>repo</code> and <code>read:user</code> scopes so the pull requests
              it opens come from your own account.
            </p>
          </>
        )}
      </div>
    </main>
  );
}
