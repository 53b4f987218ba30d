// The server's JSON shapes under the dashboard's names. Every type here comes from
// api-types.generated.ts, which scripts/generate-api-types.ts derives from the zod response schemas
// (src/http/schemas/); a test fails when that file is stale. Nothing is written out by hand.
import type * as Api from './api-types.generated';

/** One page of a cursor-paginated list (src/http/schemas/page.ts) */
export type Page<T> = { items: T[]; nextCursor: string | null };

export type Cluster = Api.ClusterView;
export type ClusterList = Api.ClusterListView;
export type ClusterDetail = Api.ClusterDetailView;
export type ClusterItem = ClusterDetail['items'][number];
export type ClusteringDecision = Api.ClusteringDecisionView;
export type ClusterStatus = Cluster['status'];
export type ClusterPriority = Cluster['priority'];
export type FeedbackItem = Api.FeedbackItemView;
export type FeedbackSource = FeedbackItem['source'];
export type Fix = Api.FixView;
export type FixStatus = Fix['status'];
export type Me = Api.MeView;
export type AgentReadiness = Api.AgentReadinessView;
export type FixAgents = Api.AgentsView;
export type FixSettings = Api.FixSettingsView;
export type FixSettingsChange = Api.FixSettingsChangeView;
export type CodingPlan = Api.PlanView;
export type ProjectStats = Api.StatsView;
export type Member = Api.MemberView;
export type Project = Api.ProjectView;
export type CreatedProject = Api.CreatedProjectView;
export type SourceView = Api.SourceView;
export type SourceList = Api.SourceListView;
export type RevealedSecret = Api.RevealedSecretView;
export type SourceKindSpec = Api.SourceKindView;
export type Field = Api.FormField;

/** Every status in the order the dashboard lists them; the check below fails the build if one is missing. */
export const clusterStatuses = [
  'new',
  'fixing',
  'pr_opened',
  'failed',
  'resolved',
  'ignored',
] as const satisfies readonly ClusterStatus[];
type MissingStatus = Exclude<ClusterStatus, (typeof clusterStatuses)[number]>;
export const everyClusterStatusListed: [MissingStatus] extends [never] ? true : never = true;
export type MappingPreview = Api.MappingPreviewView;
/** JSON paths (dotted keys and [index]) into a delivery's body; only the title is required. */
export type FieldMapping = MappingPreview['mapping'];
