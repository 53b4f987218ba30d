import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import { projectPath } from '../../../lib/project-context';

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  rotatedAt: string | null;
  revokedAt: string | null;
}

export interface IssuedKey {
  apiKey: ApiKey;
  key: string;
}

const key = (projectId: string) => ['api-keys', projectId];

export function useApiKeys(projectId: string, enabled: boolean) {
  const api = useApiClient();
  return useQuery({
    queryKey: key(projectId),
    queryFn: () => api.get<{ items: ApiKey[] }>(projectPath(projectId, '/api-keys')),
    enabled,
  });
}

function useKeyMutation<I>(projectId: string, fn: (input: I) => Promise<IssuedKey | ApiKey>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(projectId) }),
  });
}

export function useCreateApiKey(projectId: string) {
  const api = useApiClient();
  return useKeyMutation(projectId, (name: string) =>
    api.send<IssuedKey>('POST', projectPath(projectId, '/api-keys'), { name }),
  );
}

export function useRotateApiKey(projectId: string) {
  const api = useApiClient();
  return useKeyMutation(projectId, (id: string) =>
    api.send<IssuedKey>('POST', projectPath(projectId, `/api-keys/${id}/rotate`)),
  );
}

export function useRevokeApiKey(projectId: string) {
  const api = useApiClient();
  return useKeyMutation(projectId, (id: string) =>
    api.send<ApiKey>('DELETE', projectPath(projectId, `/api-keys/${id}`)),
  );
}
