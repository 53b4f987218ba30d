import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import { projectPath } from '../../../lib/project-context';

/** a kind the server lists at GET …/source-kinds */
export type SourceKind = string;

export interface SourceView {
  id: string;
  kind: SourceKind;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  /** masked values, null when unset */
  secrets: Record<string, string | null>;
  webhook: { url: string; auth: string };
  lastRunAt: string | null;
  lastError: string | null;
  /** the vendor API quota the last poll saw (Reddit), null when none was reported */
  quota: {
    remaining: number;
    used: number | null;
    resetAt: string;
    observedAt: string;
    mode: 'oauth' | 'public';
  } | null;
  createdAt: string;
}

export interface SourceInput {
  kind: SourceKind;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

export interface SourcePatch {
  name?: string;
  enabled?: boolean;
  /** merged into the stored settings; a key set to null clears it */
  config?: Record<string, unknown>;
  secrets?: Record<string, string | null>;
}

const key = (projectId: string) => ['sources', projectId];

export function useSources(projectId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: key(projectId),
    queryFn: () => api.get<{ items: SourceView[] }>(projectPath(projectId, '/sources')),
  });
}

function useInvalidate(projectId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: key(projectId) });
}

export function useCreateSource(projectId: string) {
  const api = useApiClient();
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: (input: SourceInput) =>
      api.send<SourceView>('POST', projectPath(projectId, '/sources'), input),
    onSuccess: invalidate,
  });
}

export function useUpdateSource(projectId: string) {
  const api = useApiClient();
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: SourcePatch }) =>
      api.send<SourceView>('PATCH', projectPath(projectId, `/sources/${id}`), patch),
    onSuccess: invalidate,
  });
}

export function useDeleteSource(projectId: string) {
  const api = useApiClient();
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: (id: string) => api.send<void>('DELETE', projectPath(projectId, `/sources/${id}`)),
    onSuccess: invalidate,
  });
}
