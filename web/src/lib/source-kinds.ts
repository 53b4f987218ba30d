import { useQuery } from '@tanstack/react-query';
import { useApiClient } from './api-context';
import type { Field, SourceKindSpec } from './api-types';
import { projectPath } from './project-context';

export type { Field, SourceKindSpec };

/** Every kind of source the server knows, in the order to offer them; it changes only with a release. */
export function useSourceKinds(projectId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['source-kinds', projectId],
    queryFn: () => api.get<{ items: SourceKindSpec[] }>(projectPath(projectId, '/source-kinds')),
    staleTime: Infinity,
  });
}
