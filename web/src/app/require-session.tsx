import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { useSession } from '../lib/session';

export function RequireSession({ children }: { children: ReactNode }) {
  const me = useSession();
  if (me.isPending) return <Loading label="Checking your session…" />;
  if (me.isError)
    return (
      <main className="content">
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  if (me.data.me === null) return <Navigate to="/auth/signin" replace />;
  return <>{children}</>;
}
