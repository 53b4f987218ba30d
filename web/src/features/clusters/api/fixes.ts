import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { Fix, FixAgents, Page } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

const active = (jobs: Fix[] | undefined) =>
  (jobs ?? []).some((j) => j.status === 'pending' || j.status === 'running');

export function useClusterFixes(projectId: string, clusterId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['jobs', projectId, { clusterId }],
    queryFn: () => api.get<Page<Fix>>(projectPath(projectId, '/fixes'), { clusterId, limit: 20 }),
    // while a job runs its row changes (branch, PR); the log itself streams separately
    refetchInterval: (q) => (active(q.state.data?.items) ? 4000 : 30_000),
  });
}

/** The project's default agent and whether it (and every other agent) could run now. */
export function useFixAgents(projectId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['fix-agents', projectId],
    queryFn: () => api.get<FixAgents>(projectPath(projectId, '/fix/agents')),
    staleTime: 30_000,
  });
}

/** Re-reads the jobs and the cluster (whose status follows its fix). */
export function useInvalidateFixState(projectId: string, clusterId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['jobs', projectId] }),
      queryClient.invalidateQueries({ queryKey: ['cluster', projectId, clusterId] }),
    ]);
}

export function useStartFix(projectId: string, clusterId: string) {
  const api = useApiClient();
  const invalidate = useInvalidateFixState(projectId, clusterId);
  return useMutation({
    mutationFn: (input: { agent?: string; runner?: string }) =>
      api.send<Fix>('POST', projectPath(projectId, `/clusters/${clusterId}/fix`), input),
    onSuccess: invalidate,
  });
}

export function useFixAction(projectId: string, clusterId: string) {
  const api = useApiClient();
  const invalidate = useInvalidateFixState(projectId, clusterId);
  return useMutation({
    mutationFn: ({ fixId, action }: { fixId: string; action: 'cancel' | 'retry' }) =>
      // cancel answers the fix plus what it did ({action, message}); retry answers the new fix
      api.send<Fix & { cancel?: { action: string; message: string } }>(
        'POST',
        projectPath(projectId, `/fixes/${fixId}/${action}`),
      ),
    onSuccess: invalidate,
  });
}
