import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ToastProvider } from '../components/toast';
import { ApiError, createApiClient } from '../lib/api-client';
import { ApiProvider } from '../lib/api-context';
import { meQueryKey, signedOut } from '../lib/session';

function createQueryClient(): QueryClient {
  // A 401 anywhere means the session ended: forget who we were, and the session guard sends us to sign in.
  const onError = (err: unknown) => {
    if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(meQueryKey, signedOut);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 5000,
        retry: (count, err) =>
          !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
    },
  });
  return queryClient;
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => createApiClient());
  const [queryClient] = useState(createQueryClient);
  return (
    <ApiProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>{children}</ToastProvider>
      </QueryClientProvider>
    </ApiProvider>
  );
}
