import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/api-context';
import type { Page } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export const notificationEvents = [
  'cluster.created',
  'cluster.growing',
  'cluster.regressed',
  'fix.succeeded',
  'fix.failed',
  'pr.merged',
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const eventLabels: Record<NotificationEvent | 'test', string> = {
  'cluster.created': 'New cluster',
  'cluster.growing': 'Cluster growing',
  'cluster.regressed': 'Regression (a resolved cluster gets new reports)',
  'fix.succeeded': 'Fix succeeded',
  'fix.failed': 'Fix failed',
  'pr.merged': 'PR merged',
  test: 'Test message',
};

export interface Channel {
  id: string;
  kind: 'slack' | 'webhook';
  name: string;
  urlHint: string;
  hasSigningSecret: boolean;
  enabled: boolean;
  createdAt: string;
  /** only right after creating or rotating */
  signingSecret?: string;
}

export interface Rule {
  id: string;
  event: NotificationEvent;
  channelId: string;
  minReports: number | null;
  windowMinutes: number | null;
  enabled: boolean;
  createdAt: string;
}

export interface Delivery {
  id: string;
  event: string;
  channelId: string | null;
  ruleId: string | null;
  clusterId: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  maxAttempts: number;
  responseCode: number | null;
  error: string | null;
  subject: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const keys = {
  channels: (p: string) => ['notifications', p, 'channels'],
  rules: (p: string) => ['notifications', p, 'rules'],
  deliveries: (p: string) => ['notifications', p, 'deliveries'],
};
const base = (projectId: string, path: string) => projectPath(projectId, `/notifications${path}`);

export function useChannels(projectId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: keys.channels(projectId),
    queryFn: () => api.get<{ items: Channel[] }>(base(projectId, '/channels')),
  });
}

export function useRules(projectId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: keys.rules(projectId),
    queryFn: () => api.get<{ items: Rule[] }>(base(projectId, '/rules')),
  });
}

/** The delivery log, refreshed every few seconds while deliveries are pending or retried. */
export function useDeliveries(projectId: string, cursor: string | undefined) {
  const api = useApiClient();
  return useQuery({
    queryKey: [...keys.deliveries(projectId), cursor ?? ''],
    queryFn: () => api.get<Page<Delivery>>(base(projectId, '/deliveries'), { cursor, limit: 25 }),
    refetchInterval: 3000,
  });
}

function useInvalidate(projectId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['notifications', projectId] });
}

export function useCreateChannel(projectId: string) {
  const api = useApiClient();
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: (input: { kind: Channel['kind']; name: string; url: string }) =>
      api.send<Channel>('POST', base(projectId, '/channels'), input),
    onSuccess: invalidate,
  });
}

export function useUpdateChannel(projectId: string) {
  const api = useApiClient();
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: ({
      id,
      patch,
    }: {
      id: string;
      patch: { enabled?: boolean; rotateSigningSecret?: boolean };
    }) => api.send<Channel>('PATCH', base(projectId, `/channels/${id}`), patch),
    onSuccess: invalidate,
  });
}

export function useDeleteChannel(projectId: string) {
  const api = useApiClient();
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: (id: string) => api.send<void>('DELETE', base(projectId, `/channels/${id}`)),
    onSuccess: invalidate,
  });
}

export function useSendTest(projectId: string) {
  const api = useApiClient();
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: (channelId: string) =>
      api.send<Delivery>('POST', base(projectId, `/channels/${channelId}/test`)),
    onSuccess: invalidate,
  });
}

export function useCreateRule(projectId: string) {
  const api = useApiClient();
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: (input: {
      event: NotificationEvent;
      channelId: string;
      minReports?: number;
      windowMinutes?: number;
    }) => api.send<Rule>('POST', base(projectId, '/rules'), input),
    onSuccess: invalidate,
  });
}

export function useUpdateRule(projectId: string) {
  const api = useApiClient();
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      api.send<Rule>('PATCH', base(projectId, `/rules/${id}`), { enabled }),
    onSuccess: invalidate,
  });
}

export function useDeleteRule(projectId: string) {
  const api = useApiClient();
  const invalidate = useInvalidate(projectId);
  return useMutation({
    mutationFn: (id: string) => api.send<void>('DELETE', base(projectId, `/rules/${id}`)),
    onSuccess: invalidate,
  });
}
