import { createContext, useContext, type ReactNode } from 'react';

export interface CurrentProject {
  id: string;
  name: string;
  repo: string | null;
  role: string;
}

export interface ProjectChoice {
  project: CurrentProject;
  projects: CurrentProject[];
  selectProject(id: string): void;
}

const ProjectContext = createContext<ProjectChoice | undefined>(undefined);

export function CurrentProjectProvider({ value, children }: { value: ProjectChoice; children: ReactNode }) {
  return <ProjectContext.Provider value={value}>{children}</ProjectContext.Provider>;
}

export function useProjectChoice(): ProjectChoice {
  const p = useContext(ProjectContext);
  if (p === undefined) throw new Error('useProjectChoice outside <CurrentProjectProvider>');
  return p;
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
