import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { CodingPlan } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export interface PlanInput {
  summary: string;
  files: { path: string; reason: string }[];
  tasks: { title: string; detail: string }[];
}

export type { CodingPlan };

const planKey = (projectId: string, clusterId: string) => ['plan', projectId, clusterId];

/** The cluster's coding plan; null when none has been generated yet (the API answers 204). */
export function usePlan(projectId: string, clusterId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: planKey(projectId, clusterId),
    queryFn: async () =>
      (await api.get<CodingPlan | undefined>(projectPath(projectId, `/clusters/${clusterId}/plan`))) ?? null,
  });
}

export function useGeneratePlan(projectId: string, clusterId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.send<CodingPlan>('POST', projectPath(projectId, `/clusters/${clusterId}/plan`)),
    onSuccess: async (plan) => {
      queryClient.setQueryData(planKey(projectId, clusterId), plan);
      await queryClient.invalidateQueries({ queryKey: ['fix-readiness', projectId, clusterId] });
    },
  });
}

export function useSavePlan(projectId: string, clusterId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PlanInput) =>
      api.send<CodingPlan>('PUT', projectPath(projectId, `/clusters/${clusterId}/plan`), input),
    onSuccess: async (plan) => {
      queryClient.setQueryData(planKey(projectId, clusterId), plan);
      await queryClient.invalidateQueries({ queryKey: ['fix-readiness', projectId, clusterId] });
    },
  });
}
