import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type {
  Cluster,
  ClusterDetail,
  ClusterItem,
  ClusterList,
  ClusterStatus,
  ClusteringDecision,
} from '../../../lib/api-types';

export type { ClusterDetail, ClusterItem, ClusteringDecision };
import { projectPath } from '../../../lib/project-context';

export type ClusterSort = 'priority' | 'last_seen' | 'size' | 'created';

export interface ClusterFilters {
  status?: ClusterStatus | undefined;
  source?: string | undefined;
  q?: string | undefined;
  sort: ClusterSort;
  cursor?: string | undefined;
  limit?: number;
}

export function useClusters(projectId: string, filters: ClusterFilters, enabled = true) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['clusters', projectId, filters],
    queryFn: () => api.get<ClusterList>(projectPath(projectId, '/clusters'), { limit: 25, ...filters }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
    enabled,
  });
}

export const clusterQueryKey = (projectId: string, clusterId: string) => ['cluster', projectId, clusterId];

export function useCluster(projectId: string, clusterId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: clusterQueryKey(projectId, clusterId),
    queryFn: () => api.get<ClusterDetail>(projectPath(projectId, `/clusters/${clusterId}`)),
    refetchInterval: 15_000,
  });
}

export interface ClusterPatch {
  title?: string;
  summary?: string;
  repo?: string | null;
  status?: 'ignored' | 'new';
}

export function useUpdateCluster(projectId: string, clusterId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ClusterPatch) =>
      api.send<Cluster>('PATCH', projectPath(projectId, `/clusters/${clusterId}`), patch),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['cluster', projectId, clusterId] }),
        queryClient.invalidateQueries({ queryKey: ['fix-readiness', projectId, clusterId] }),
      ]),
  });
}
