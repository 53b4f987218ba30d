import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { CurrentProject } from '../../../lib/project-context';

export interface ProjectListItem extends CurrentProject {
  createdAt: string;
}

export const projectsQueryKey = ['projects'] as const;

export function useProjects() {
  const api = useApiClient();
  return useQuery({
    queryKey: projectsQueryKey,
    queryFn: () => api.get<{ items: ProjectListItem[] }>('/api/projects'),
  });
}

export interface CreatedProject {
  project: { id: string; name: string; repo: string | null };
  apiKey: string;
}

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
