import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { useSession } from '../lib/session';

export function RequireSession({ children }: { children: ReactNode }) {
  const me = useSession();
  const location = useLocation();
  if (me.isPending) return <Loading label="Checking your session…" />;
  if (me.isError)
    return (
      <main className="content">
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  if (me.data.me === null) {
    // after signing in, GitHub's round trip comes back to the page that was asked for
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to={`/auth/signin?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return <>{children}</>;
}
