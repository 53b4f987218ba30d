import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import { projectPath } from '../../../lib/project-context';

export interface Limits {
  maxConcurrentFixes: number | null;
  fixesPerDay: number | null;
  agentMinutesPerMonth: number | null;
}

export interface Budgets {
  limits: Limits;
  usage: { activeFixes: number; fixesToday: number; agentMinutesThisMonth: number };
  resets: { day: string; month: string };
}

const key = (projectId: string) => ['budgets', projectId];

export function useBudgets(projectId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: key(projectId),
    queryFn: () => api.get<Budgets>(projectPath(projectId, '/budgets')),
    refetchInterval: 10_000,
  });
}

export function useSetBudgets(projectId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (limits: Limits) => api.send<Budgets>('PUT', projectPath(projectId, '/budgets'), limits),
    onSuccess: (data) => queryClient.setQueryData(key(projectId), data),
  });
}
