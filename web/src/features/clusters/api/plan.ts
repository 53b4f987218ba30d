import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-client';
import { useApiClient } from '../../../lib/api-context';
import { projectPath } from '../../../lib/project-context';

export interface PlanInput {
  summary: string;
  files: { path: string; reason: string }[];
  tasks: { title: string; detail: string }[];
}

export interface CodingPlan extends PlanInput {
  id: string;
  clusterId: string;
  kind: 'heuristic' | 'llm' | 'edited';
  model: string | null;
  repo: string | null;
  commitSha: string | null;
  createdAt: string;
  updatedAt: string;
}

const planKey = (projectId: string, clusterId: string) => ['plan', projectId, clusterId];

/** The cluster's coding plan; null when none has been generated yet (the API answers 404). */
export function usePlan(projectId: string, clusterId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: planKey(projectId, clusterId),
    queryFn: async () => {
      try {
        return await api.get<CodingPlan>(projectPath(projectId, `/clusters/${clusterId}/plan`));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404 && /plan/i.test(err.message)) return null;
        throw err;
      }
    },
  });
}

export function useGeneratePlan(projectId: string, clusterId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.send<CodingPlan>('POST', projectPath(projectId, `/clusters/${clusterId}/plan`)),
    onSuccess: (plan) => queryClient.setQueryData(planKey(projectId, clusterId), plan),
  });
}

export function useSavePlan(projectId: string, clusterId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PlanInput) =>
      api.send<CodingPlan>('PUT', projectPath(projectId, `/clusters/${clusterId}/plan`), input),
    onSuccess: (plan) => queryClient.setQueryData(planKey(projectId, clusterId), plan),
  });
}
