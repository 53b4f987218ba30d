import { useQuery } from '@tanstack/react-query';
import { useApiClient } from './api-context';
import { projectPath } from './project-context';

/** One input of a source's settings form (GET …/source-kinds, docs/API.md "Sources"). */
export type Field =
  | { name: string; label: string; type: 'list'; hint: string; required?: boolean }
  | { name: string; label: string; type: 'number'; hint: string; min: number; max: number; default: number }
  | { name: string; label: string; type: 'select'; options: string[]; default: string; hint: string }
  | { name: string; label: string; type: 'checkboxes'; options: string[]; hint: string }
  | { name: string; label: string; type: 'checkbox'; hint: string }
  | { name: string; label: string; type: 'text'; hint: string; maxLength: number };

/** A kind of source as the server describes it: the form to configure it and how to set up the vendor. */
export interface SourceKindSpec {
  kind: string;
  label: string;
  about: string;
  ingestPath: string;
  polled: boolean;
  /** takes a field mapping (JSON paths) previewed on the last delivery */
  mappable: boolean;
  fields: Field[];
  secrets: { name: string; label: string; hint: string; generate: boolean }[];
  setup: { auth: string; steps: string[] };
}

/** Every kind of source the server knows, in the order to offer them; it changes only with a release. */
export function useSourceKinds(projectId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: ['source-kinds', projectId],
    queryFn: () => api.get<{ items: SourceKindSpec[] }>(projectPath(projectId, '/source-kinds')),
    staleTime: Infinity,
  });
}
