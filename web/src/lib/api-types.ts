// Wire shapes of the server's JSON (docs/API.md). Dates arrive as ISO strings.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const clusterStatuses = ['new', 'fixing', 'pr_opened', 'failed', 'resolved', 'ignored'] as const;
export type ClusterStatus = (typeof clusterStatuses)[number];

/** a source kind the server lists at GET …/source-kinds */
export type FeedbackSource = string;

export interface FeedbackItem {
  id: string;
  source: FeedbackSource;
  externalId: string;
  title: string;
  body: string;
  url: string | null;
  author: string | null;
  metadata: Record<string, unknown>;
  occurredAt: string | null;
  receivedAt: string;
  clusterId: string | null;
  repo: string | null;
}

export interface Cluster {
  id: string;
  title: string;
  summary: string;
  summaryKind: 'llm' | 'extractive' | null;
  status: ClusterStatus;
  repo: string | null;
  itemCount: number;
  sourceCounts: Record<string, number>;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  reopenedCount: number;
  statusReason: string | null;
  createdAt: string;
}

export type FixStatus = 'pending' | 'running' | 'success' | 'failed' | 'cancelled';

export interface Fix {
  id: string;
  clusterId: string;
  clusterTitle: string | null;
  planId: string | null;
  status: FixStatus;
  runner: string;
  agent: string;
  repo: string | null;
  branch: string | null;
  baseBranch?: string | null;
  commitSha?: string | null;
  prUrl: string | null;
  prNumber: number | null;
  prState: 'open' | 'closed' | 'merged' | null;
  testResult: {
    command: string;
    exitCode: number;
    passed: boolean;
    durationMs: number;
    output: string;
  } | null;
  cancelRequested?: boolean;
  error: string | null;
  attempt: number;
  supersededBy: string | null;
  /** a follow-up attempt: the fix whose branch and PR it pushed to, and what it addressed */
  followUpOf?: string | null;
  followUp?: { kind: 'review' | 'checks'; items: unknown[] } | null;
  startedBy: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
}

export interface Me {
  user: { id: string; login: string; name: string | null; avatarUrl: string | null };
  mode: 'github' | 'local';
  csrfToken: string;
}

/** GET …/fix/agents: whether each coding agent could run now on the project's runner. */
export interface AgentReadiness {
  name: string;
  /** null where the server cannot see the sandbox (remote runners) */
  installed: boolean | null;
  missingEnv: string[];
  installHint: string | null;
  problem: string | null;
}

export interface FixAgents {
  agent: string;
  runner: string;
  agents: AgentReadiness[];
}
