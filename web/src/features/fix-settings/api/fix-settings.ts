import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { FixAgents, FixSettings } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export type { FixAgents, FixSettings };

/** The project's own choices; a field left out falls back to the server's default. */
export function useFixSettings(projectId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['fix-settings', projectId],
    queryFn: () => api.get<FixSettings>(projectPath(projectId, '/settings/fix')),
  });
}

/** Every coding agent: installed on the server (or unknown for remote runners), what it is missing. */
export function useAgentReadiness(projectId: string, runner: string | undefined) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['fix-agents', projectId, runner],
    queryFn: () => api.get<FixAgents>(projectPath(projectId, '/fix/agents'), { runner }),
    staleTime: 30_000,
  });
}

export function useSaveFixSettings(projectId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: FixSettings) =>
      api.send<FixSettings>('PUT', projectPath(projectId, '/settings/fix'), settings),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['fix-settings', projectId] });
      await queryClient.invalidateQueries({ queryKey: ['fix-agents', projectId] });
      await queryClient.invalidateQueries({ queryKey: ['fix-settings-changes', projectId] });
    },
  });
}
