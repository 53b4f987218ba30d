import { useQuery } from '@tanstack/react-query';
import { ApiError } from './api-client';
import { useApiClient } from './api-context';
import type { Me } from './api-types';

export const meQueryKey = ['me'] as const;

/**
 * Who is signed in (null when nobody is). Also hands the CSRF token to the API client, so every later
 * mutation carries it.
 */
export function useMe() {
  const api = useApiClient();
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api.get<Me>('/api/me');
        api.setCsrfToken(me.csrfToken);
        return me;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          api.setCsrfToken(undefined);
          return null;
        }
        throw err;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}
