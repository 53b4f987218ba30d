import { useMutation } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { FieldMapping, MappingPreview } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export type { FieldMapping, MappingPreview };

/** POST …/sources/{id}/mapping-preview: what a mapping makes of the source's last delivery. */
export function usePreviewMapping(projectId: string, sourceId: string) {
  const api = useApiClient();
  return useMutation({
    mutationFn: (mapping: FieldMapping) =>
      api.send<MappingPreview>('POST', projectPath(projectId, `/sources/${sourceId}/mapping-preview`), {
        mapping,
      }),
  });
}
