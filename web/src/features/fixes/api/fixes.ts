import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { Fix, FixStatus, Page } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export function useFixes(
  projectId: string,
  filters: { status?: FixStatus | undefined; cursor?: string | undefined },
) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['jobs', projectId, filters],
    queryFn: () => api.get<Page<Fix>>(projectPath(projectId, '/fixes'), { limit: 25, ...filters }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) =>
      (q.state.data?.items ?? []).some((j) => j.status === 'pending' || j.status === 'running')
        ? 4000
        : 20_000,
  });
}
