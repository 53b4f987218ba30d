import { useId } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useProjectState } from '../../../lib/project-context';

export function ProjectSwitcher() {
  const id = useId();
  const { project, projects, selectProject } = useProjectState();
  const location = useLocation();
  const navigate = useNavigate();
  if (project === undefined) return null;
  return (
    <div className="project-switcher">
      <label htmlFor={id}>Project</label>
      <select
        id={id}
        value={project.id}
        onChange={(e) => {
          selectProject(e.target.value);
          // a cluster page belongs to the project it was opened in
          if (location.pathname.startsWith('/dashboard/clusters/')) void navigate('/dashboard/clusters');
        }}
      >
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
