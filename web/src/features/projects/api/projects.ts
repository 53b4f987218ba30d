import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { CreatedProject, Project } from '../../../lib/api-types';

export type ProjectListItem = Project;

export const projectsQueryKey = ['projects'] as const;

export function useProjects() {
  const api = useApiClient();
  return useQuery({
    queryKey: projectsQueryKey,
    queryFn: () => api.get<{ items: ProjectListItem[] }>('/api/projects'),
  });
}

export type { CreatedProject };

export function useCreateProject() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (input: { name: string; repo?: string }) =>
      api.send<CreatedProject>('POST', '/api/projects', input),
  });
}

export function useRefreshProjects() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: projectsQueryKey });
}
