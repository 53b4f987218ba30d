import { useMemo, useState, type ReactNode } from 'react';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import {
  ProjectStateProvider,
  rememberedProjectId,
  rememberProjectId,
  useProjectState,
  type ProjectState,
} from '../../../lib/project-context';
import { useProjects, useRefreshProjects } from '../api/projects';
import { CreateProjectForm } from './create-project-form';

/** Loads the user's projects and keeps the chosen one (remembered in this browser). */
export function ProjectProvider({ children }: { children: ReactNode }) {
  const projects = useProjects();
  const [selectedId, setSelectedId] = useState(rememberedProjectId);
  const state = useMemo((): ProjectState => {
    const items = projects.data?.items ?? [];
    return {
      project: items.find((p) => p.id === selectedId) ?? items[0],
      projects: items,
      selectProject: (id) => {
        rememberProjectId(id);
        setSelectedId(id);
      },
    };
  }, [projects.data, selectedId]);
  return <ProjectStateProvider value={state}>{children}</ProjectStateProvider>;
}

/** Renders its children once a project is chosen; before that, loading, error, or "create your first". */
export function ProjectContent({ children }: { children: ReactNode }) {
  const projects = useProjects();
  const refresh = useRefreshProjects();
  const { project, selectProject } = useProjectState();

  if (projects.isPending) return <Loading label="Loading projects…" />;
  if (projects.isError)
    return <ErrorMessage error={projects.error} onRetry={() => void projects.refetch()} />;
  if (project === undefined) {
    return (
      <div className="welcome">
        <h1>Welcome to Soulcaster</h1>
        <p>
          A project collects the feedback of one product and opens fixes in its repository. Create one to
          start.
        </p>
        <CreateProjectForm
          onDone={(id) => {
            selectProject(id);
            void refresh();
          }}
        />
      </div>
    );
  }
  return <>{children}</>;
}
