import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { ProjectStats } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export type { ProjectStats };

export function useStats(projectId: string, days: number) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['stats', projectId, days],
    queryFn: () => api.get<ProjectStats>(projectPath(projectId, '/stats'), { days }),
    refetchInterval: 30_000,
  });
}
