import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { ClusterStatus, FixStatus } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export interface ProjectStats {
  days: number;
  clustersByStatus: Record<ClusterStatus, number>;
  feedbackBySource: { day: string; source: string; count: number }[];
  jobsByStatus: Record<FixStatus, number>;
  prs: { open: number; merged: number; closed: number };
}

export function useStats(projectId: string, days: number) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['stats', projectId, days],
    queryFn: () => api.get<ProjectStats>(projectPath(projectId, '/stats'), { days }),
    refetchInterval: 30_000,
  });
}
