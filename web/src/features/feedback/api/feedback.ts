import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { FeedbackItem, Page } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export interface FeedbackFilters {
  source?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
}

export function useFeedback(projectId: string, filters: FeedbackFilters) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['feedback', projectId, filters],
    queryFn: () =>
      api.get<Page<FeedbackItem>>(projectPath(projectId, '/feedback'), { limit: 25, ...filters }),
    placeholderData: keepPreviousData,
    // clustering happens in the background: refresh soon while an item still waits for its cluster
    refetchInterval: (q) => ((q.state.data?.items ?? []).some((i) => i.clusterId === null) ? 2000 : 15_000),
  });
}

export interface ManualFeedback {
  title: string;
  body?: string;
  url?: string;
  author?: string;
}

/** 201 either way; `duplicate` when the same report (external id) was already stored. A report the
 * project's filters drop (e.g. the manual source is disabled) is a 409 with the reason. */
export interface SubmitResult {
  id: string;
  duplicate: boolean;
}

export function useSubmitFeedback(projectId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ManualFeedback) =>
      api.send<SubmitResult>('POST', projectPath(projectId, '/feedback'), input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['feedback', projectId] }),
        queryClient.invalidateQueries({ queryKey: ['stats', projectId] }),
      ]),
  });
}
