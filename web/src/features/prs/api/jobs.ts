import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { AgentJob, JobStatus, Page } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export function useJobs(
  projectId: string,
  filters: { status?: JobStatus | undefined; cursor?: string | undefined },
) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['jobs', projectId, filters],
    queryFn: () => api.get<Page<AgentJob>>(projectPath(projectId, '/jobs'), { limit: 25, ...filters }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) =>
      (q.state.data?.items ?? []).some((j) => j.status === 'pending' || j.status === 'running')
        ? 4000
        : 20_000,
  });
}
