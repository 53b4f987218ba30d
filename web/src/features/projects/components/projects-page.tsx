import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { RelativeTime } from '../../../components/relative-time';
import { useProjectChoice } from '../../../lib/project-context';
import { useProjects, useRefreshProjects } from '../api/projects';
import { CreateProjectForm } from './create-project-form';
import { MembersPanel } from './members-panel';

export function ProjectsPage() {
  const { project: current, selectProject } = useProjectChoice();
  const projects = useProjects();
  const refresh = useRefreshProjects();
  // a fresh form after each creation, so the next key is not mistaken for the last one
  const [formKey, setFormKey] = useState(0);
  return (
    <>
      <PageHeader title="Projects" />
      <section className="card" aria-labelledby="projects-list">
        <h2 id="projects-list">Your projects</h2>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Repository</th>
                <th scope="col">Your role</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(projects.data?.items ?? []).map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.repo ?? <span className="muted">—</span>}</td>
                  <td>{p.role}</td>
                  <td>
                    <RelativeTime iso={p.createdAt} />
                  </td>
                  <td>
                    {p.id === current.id ? (
                      <span className="muted">Current</span>
                    ) : (
                      <button type="button" onClick={() => selectProject(p.id)}>
                        Switch to {p.name}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <MembersPanel />
      <CreateProjectForm
        key={formKey}
        onDone={(id) => {
          setFormKey((k) => k + 1);
          selectProject(id);
          void refresh();
        }}
      />
      <p>
        <Link to="/dashboard">Back to the overview</Link>
      </p>
    </>
  );
}
