import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';

export function useSignOut() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.send<void>('POST', '/auth/signout'),
    onSuccess: () => {
      api.setCsrfToken(undefined);
      queryClient.clear();
      window.location.assign('/auth/signin');
    },
  });
}
