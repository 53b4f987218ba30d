import { useMemo, useState, type ReactNode } from 'react';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import {
  CurrentProjectProvider,
  rememberedProjectId,
  rememberProjectId,
  type ProjectChoice,
} from '../../../lib/project-context';
import { useProjects, useRefreshProjects } from '../api/projects';
import { CreateProjectForm } from './create-project-form';

/** Renders its children inside the chosen project; with no project yet, asks to create the first one. */
export function ProjectGate({ children }: { children: ReactNode }) {
  const projects = useProjects();
  const refresh = useRefreshProjects();
  const [selectedId, setSelectedId] = useState(rememberedProjectId);

  const choice = useMemo((): ProjectChoice | undefined => {
    const items = projects.data?.items ?? [];
    const project = items.find((p) => p.id === selectedId) ?? items[0];
    if (project === undefined) return undefined;
    return {
      project,
      projects: items,
      selectProject: (id) => {
        rememberProjectId(id);
        setSelectedId(id);
      },
    };
  }, [projects.data, selectedId]);

  if (projects.isPending) return <Loading label="Loading projects…" />;
  if (projects.isError)
    return <ErrorMessage error={projects.error} onRetry={() => void projects.refetch()} />;
  if (choice === undefined) {
    return (
      <div className="welcome">
        <h1>Welcome to Soulcaster</h1>
        <p>
          A project collects the feedback of one product and opens fixes in its repository. Create one to
          start.
        </p>
        <CreateProjectForm
          onDone={(id) => {
            rememberProjectId(id);
            setSelectedId(id);
            void refresh();
          }}
        />
      </div>
    );
  }
  return <CurrentProjectProvider value={choice}>{children}</CurrentProjectProvider>;
}
