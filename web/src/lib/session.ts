import { useQuery } from '@tanstack/react-query';
import { ApiError } from './api-client';
import { useApiClient } from './api-context';
import type { Me } from './api-types';

export const meQueryKey = ['me'] as const;

/**
 * Who is signed in. Signed out, `signInMode` says whether signing in is possible at all:
 * 'api_keys_only' when the server has no OAuth app and is not on loopback.
 */
export type SessionState = { me: Me } | { me: null; signInMode: string | undefined };

/** Also hands the CSRF token to the API client, so every later mutation carries it. */
export function useSession() {
  const api = useApiClient();
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async (): Promise<SessionState> => {
      try {
        const me = await api.get<Me>('/api/me');
        api.setCsrfToken(me.csrfToken);
        return { me };
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          api.setCsrfToken(undefined);
          const mode = (err.details as { mode?: unknown } | undefined)?.mode;
          return { me: null, signInMode: typeof mode === 'string' ? mode : undefined };
        }
        throw err;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export const signedOut: SessionState = { me: null, signInMode: undefined };
