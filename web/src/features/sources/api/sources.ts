import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { RevealedSecret, SourceList, SourceView } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export type { SourceView };
/** a kind the server lists at GET …/source-kinds */
export type SourceKind = SourceView['kind'];

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
    queryFn: () => api.get<SourceList>(projectPath(projectId, '/sources')),
    // the last delivery and poll show up without a reload
    refetchInterval: 10_000,
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

/** A stored secret in plain text (signed-in owners only), to paste into the vendor again. */
export function useRevealSecret(projectId: string, sourceId: string) {
  const api = useApiClient();
  return useMutation({
    mutationFn: (name: string) =>
      api.send<RevealedSecret>(
        'POST',
        projectPath(projectId, `/sources/${sourceId}/secrets/${encodeURIComponent(name)}/reveal`),
      ),
  });
}
