import { createContext, useContext, type ReactNode } from 'react';

export interface CurrentProject {
  id: string;
  name: string;
  repo: string | null;
  role: string;
}

/** The projects the user can see and the one chosen; `project` is undefined until one exists. */
export interface ProjectState {
  project: CurrentProject | undefined;
  projects: CurrentProject[];
  selectProject(id: string): void;
}

export type ProjectChoice = ProjectState & { project: CurrentProject };

const ProjectContext = createContext<ProjectState | undefined>(undefined);

export function ProjectStateProvider({ value, children }: { value: ProjectState; children: ReactNode }) {
  return <ProjectContext.Provider value={value}>{children}</ProjectContext.Provider>;
}

export function useProjectState(): ProjectState {
  const p = useContext(ProjectContext);
  if (p === undefined) throw new Error('useProjectState outside <ProjectStateProvider>');
  return p;
}

/** For components shown only once a project is chosen. */
export function useProjectChoice(): ProjectChoice {
  const p = useProjectState();
  if (p.project === undefined) throw new Error('no project chosen yet');
  return p as ProjectChoice;
}

/** The project every dashboard page shows; chosen by the project switcher. */
export function useCurrentProject(): CurrentProject {
  return useProjectChoice().project;
}

const storageKey = 'soulcaster.projectId';

export function rememberedProjectId(): string | null {
  try {
    return window.localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function rememberProjectId(id: string): void {
  try {
    window.localStorage.setItem(storageKey, id);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** `/api/projects/<id>` + path */
export const projectPath = (projectId: string, path = '') => `/api/projects/${projectId}${path}`;
