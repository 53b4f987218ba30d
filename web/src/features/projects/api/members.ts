import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { Member } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export type { Member };

const key = (projectId: string) => ['members', projectId];

export function useMembers(projectId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: key(projectId),
    queryFn: () => api.get<{ items: Member[] }>(projectPath(projectId, '/members')),
  });
}

export function useAddMember(projectId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { login: string; role: Member['role'] }) =>
      api.send<Member>('POST', projectPath(projectId, '/members'), input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(projectId) }),
  });
}

export function useRemoveMember(projectId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.send<void>('DELETE', projectPath(projectId, `/members/${userId}`)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(projectId) }),
  });
}
