import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { Fix } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';
import { useInvalidateFixState } from './fixes';

export interface ClusterIssue {
  clusterId: string;
  repo: string;
  number: number;
  url: string;
  state: 'open' | 'closed';
  createdAt: string;
}

export interface PullRequestFeedback {
  id: string;
  kind: 'review' | 'review_comment' | 'check';
  author: string | null;
  state: string | null;
  body: string;
  path: string | null;
  line: number | null;
  url: string | null;
  receivedAt: string;
}

export interface PullRequestReview {
  repo: string;
  prNumber: number;
  prState: 'open' | 'closed' | 'merged' | null;
  comments: PullRequestFeedback[];
  checks: PullRequestFeedback[];
  toAddress: number;
  failingChecks: number;
}

export function useClusterIssue(projectId: string, clusterId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['cluster-issue', projectId, clusterId],
    queryFn: () =>
      api.get<{ issue: ClusterIssue | null }>(projectPath(projectId, `/clusters/${clusterId}/github-issue`)),
    refetchInterval: 30_000,
  });
}

export function useCreateClusterIssue(projectId: string, clusterId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.send<ClusterIssue>('POST', projectPath(projectId, `/clusters/${clusterId}/github-issue`)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cluster-issue', projectId, clusterId] }),
  });
}

export function usePullRequestReview(projectId: string, fixId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['fix-review', projectId, fixId],
    queryFn: () => api.get<PullRequestReview>(projectPath(projectId, `/fixes/${fixId}/review`)),
    // reviews arrive by webhook or the scheduled poll; the page looks again now and then
    refetchInterval: 15_000,
  });
}

export function useRefreshReview(projectId: string, fixId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.send<PullRequestReview>('POST', projectPath(projectId, `/fixes/${fixId}/review/refresh`)),
    onSuccess: (data) => queryClient.setQueryData(['fix-review', projectId, fixId], data),
  });
}

export function useFollowUp(projectId: string, clusterId: string, fixId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateFixState(projectId, clusterId);
  return useMutation({
    mutationFn: (kind: 'review' | 'checks') =>
      api.send<Fix>('POST', projectPath(projectId, `/fixes/${fixId}/follow-up`), { kind }),
    onSuccess: async () => {
      await invalidate();
      await queryClient.invalidateQueries({ queryKey: ['fix-review', projectId, fixId] });
    },
  });
}
