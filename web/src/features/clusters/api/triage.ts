import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { Cluster, ClusterStatus, FeedbackItem, Page } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';
import type { ClusterDetail } from './clusters';

export interface PreviousState {
  id: string;
  status: ClusterStatus;
  repo: string | null;
}
export interface Moved {
  fromClusterId: string;
  itemIds: string[];
}

/** Every cached page of the cluster list, changed in place so the list updates before the server answers. */
function patchLists(qc: QueryClient, projectId: string, change: (items: Cluster[]) => Cluster[]) {
  qc.setQueriesData<Page<Cluster>>({ queryKey: ['clusters', projectId] }, (page) =>
    page === undefined ? page : { ...page, items: change(page.items) },
  );
}

function useRefresh(projectId: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['clusters', projectId] }),
      qc.invalidateQueries({ queryKey: ['cluster', projectId] }),
      qc.invalidateQueries({ queryKey: ['fix-readiness', projectId] }),
      qc.invalidateQueries({ queryKey: ['plan', projectId] }),
      qc.invalidateQueries({ queryKey: ['feedback', projectId] }),
    ]);
}

export type BulkInput =
  | { clusterIds: string[]; status?: 'new' | 'ignored' | 'resolved'; repo?: string | null }
  | { restore: PreviousState[] };

export function useBulkClusters(projectId: string) {
  const api = useApiClient();
  const qc = useQueryClient();
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (input: BulkInput) =>
      api.send<{ clusters: Cluster[]; previous: PreviousState[] }>(
        'POST',
        projectPath(projectId, '/clusters/bulk'),
        input,
      ),
    onMutate: (input) => {
      const next = new Map<string, { status?: ClusterStatus | undefined; repo?: string | null | undefined }>(
        'restore' in input
          ? input.restore.map((r) => [r.id, r] as const)
          : input.clusterIds.map((id) => [id, input] as const),
      );
      patchLists(qc, projectId, (items) =>
        items.map((c) => {
          const n = next.get(c.id);
          if (n === undefined) return c;
          return {
            ...c,
            ...(n.status !== undefined && { status: n.status }),
            ...(n.repo !== undefined && { repo: n.repo }),
          };
        }),
      );
    },
    onSettled: refresh,
  });
}

export function useMergeClusters(projectId: string) {
  const api = useApiClient();
  const qc = useQueryClient();
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (input: { targetId: string; sourceIds: string[] }) =>
      api.send<ClusterDetail & { moved: Moved[] }>('POST', projectPath(projectId, '/clusters/merge'), input),
    onMutate: ({ targetId, sourceIds }) =>
      patchLists(qc, projectId, (items) => {
        const gone = items.filter((c) => sourceIds.includes(c.id));
        const added = gone.reduce((n, c) => n + c.itemCount, 0);
        return items
          .filter((c) => !sourceIds.includes(c.id))
          .map((c) => (c.id === targetId ? { ...c, itemCount: c.itemCount + added } : c));
      }),
    onSettled: refresh,
  });
}

export function useSplitCluster(projectId: string) {
  const api = useApiClient();
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (input: { clusterId: string; itemIds: string[] }) =>
      api.send<ClusterDetail>('POST', projectPath(projectId, `/clusters/${input.clusterId}/split`), {
        itemIds: input.itemIds,
      }),
    onSettled: refresh,
  });
}

export function useMoveItem(projectId: string) {
  const api = useApiClient();
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (input: { itemId: string; clusterId: string | null }) =>
      api.send<{ itemId: string; fromClusterId: string | null; toClusterId: string }>(
        'POST',
        projectPath(projectId, `/feedback/${input.itemId}/move`),
        { clusterId: input.clusterId },
      ),
    onSettled: refresh,
  });
}

export interface ItemPatch {
  title?: string;
  body?: string;
  repo?: string | null;
}

export function useEditItem(projectId: string) {
  const api = useApiClient();
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: ({ itemId, patch }: { itemId: string; patch: ItemPatch }) =>
      api.send<FeedbackItem>('PATCH', projectPath(projectId, `/feedback/${itemId}`), patch),
    onSettled: refresh,
  });
}

export function useDeleteItem(projectId: string) {
  const api = useApiClient();
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: (itemId: string) => api.send<void>('DELETE', projectPath(projectId, `/feedback/${itemId}`)),
    onSettled: refresh,
  });
}

export interface ThresholdPreview {
  threshold: number;
  current: number;
  clusters: number;
  items: number;
  totalItems: number;
  sampled: boolean;
  curve: { threshold: number; clusters: number }[];
}

/** undefined: what the saved threshold gives; enabled false: not asked yet (the panel is closed) */
export function useThresholdPreview(projectId: string, threshold: number | undefined, enabled = true) {
  const api = useApiClient();
  return useQuery({
    enabled,
    queryKey: ['threshold-preview', projectId, threshold],
    queryFn: () =>
      api.get<ThresholdPreview>(projectPath(projectId, '/settings/clustering/preview'), { threshold }),
    staleTime: 30_000,
  });
}

export function useSetThreshold(projectId: string) {
  const api = useApiClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (threshold: number | null) =>
      api.send<{ threshold: number; default: boolean }>(
        'PUT',
        projectPath(projectId, '/settings/clustering'),
        { threshold },
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['threshold-preview', projectId] }),
  });
}

export interface ClusteringProgress {
  unclustered: number;
  total: number;
  clusters: number;
}

/**
 * While a re-cluster runs: how many reports still wait for a cluster, every second until a reading
 * taken after the re-cluster was queued (`queuedAt`) finds them all placed.
 */
export function useClusteringProgress(projectId: string, active: boolean, queuedAt: number | undefined) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['clustering-progress', projectId],
    queryFn: () => api.get<ClusteringProgress>(projectPath(projectId, '/clustering/progress')),
    enabled: active,
    refetchInterval: (q) =>
      queuedAt !== undefined && q.state.dataUpdatedAt > queuedAt && q.state.data?.unclustered === 0
        ? false
        : 1000,
  });
}

export function useRecluster(projectId: string) {
  const api = useApiClient();
  const refresh = useRefresh(projectId);
  return useMutation({
    mutationFn: () => api.send<{ queued: number }>('POST', projectPath(projectId, '/recluster')),
    onSettled: refresh,
  });
}

export interface FixReadiness {
  ready: boolean;
  missing: { code: 'status' | 'plan' | 'repo' | 'token' | 'user'; message: string; action: string }[];
  repo: string | null;
  planId: string | null;
}

/** `status` is part of the key so a fix starting or ending asks again */
export function useFixReadiness(projectId: string, clusterId: string, status: ClusterStatus) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['fix-readiness', projectId, clusterId, status],
    queryFn: () => api.get<FixReadiness>(projectPath(projectId, `/clusters/${clusterId}/fix-readiness`)),
  });
}
