import { Link, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { useSession } from '../../../lib/session';

/**
 * GitHub OAuth starts with a plain link: /auth/github answers with the redirect to GitHub, so this page
 * needs no script to work. In local mode there is nothing to sign in to.
 */
export function SignInPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const error = params.get('error');
  // only same-site dashboard paths; the server checks again
  const returnTo = /^\/dashboard(?:[/?]|$)/.test(params.get('returnTo') ?? '')
    ? params.get('returnTo')!
    : '/dashboard';
  const githubHref = `/auth/github?returnTo=${encodeURIComponent(returnTo)}`;
  const me = session.data?.me;
  return (
    <main className="signin" id="main">
      <div className="signin-card">
        <h1>Soulcaster</h1>
        <p className="muted">From user feedback to merged fix.</p>
        {session.isPending && <Loading label="Checking your session…" />}
        {session.isError && <ErrorMessage error={session.error} onRetry={() => void session.refetch()} />}
        {me?.user !== undefined && me.mode === 'local' && (
          <>
            <p className="notice">
              This server runs in <strong>local mode</strong>: single user, reachable from this machine only,
              no sign-in needed.
            </p>
            <Link className="button button-primary" to={returnTo}>
              Open the dashboard
            </Link>
          </>
        )}
        {me?.user !== undefined && me.mode === 'github' && (
          <>
            <p>
              Signed in as <strong>{me.user.login}</strong>.
            </p>
            <Link className="button button-primary" to="/dashboard">
              Open the dashboard
            </Link>
          </>
        )}
        {session.data?.me === null && session.data.signInMode === 'api_keys_only' && (
          <p className="notice">
            Sign-in is not configured on this server: it has no GitHub OAuth app and is not bound to loopback.
            Set <code>GITHUB_CLIENT_ID</code> and <code>GITHUB_CLIENT_SECRET</code> (see{' '}
            <code>.env.example</code>), or run it on 127.0.0.1 for single-user local mode. The API still works
            with project API keys.
          </p>
        )}
        {session.data?.me === null && session.data.signInMode !== 'api_keys_only' && (
          <>
            {error !== null && (
              <p className="form-error" role="alert">
                Sign-in failed: {error}
              </p>
            )}
            <a className="button button-primary button-github" href={githubHref}>
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
