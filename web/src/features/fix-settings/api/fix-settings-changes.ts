import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { FixSettingsChange } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export type { FixSettingsChange };

/** The record of who changed what the project's fixes run, newest first. */
export function useFixSettingsChanges(projectId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['fix-settings-changes', projectId],
    queryFn: () =>
      api.get<{ items: FixSettingsChange[] }>(projectPath(projectId, '/settings/fix/changes?limit=20')),
  });
}
