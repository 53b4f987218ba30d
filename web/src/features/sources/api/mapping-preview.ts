import { useMutation } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import { projectPath } from '../../../lib/project-context';

/** JSON paths (dotted keys and [index]) into a delivery's body; only the title is required. */
export interface FieldMapping {
  title: string;
  body?: string;
  url?: string;
  externalId?: string;
  level?: string;
}

export interface MappingPreview {
  delivery: { receivedAt: string; body: unknown; bodyBytes: number; tooLarge: boolean } | null;
  mapping: FieldMapping;
  values: Partial<Record<keyof FieldMapping, string>>;
  missing: (keyof FieldMapping)[];
}

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
