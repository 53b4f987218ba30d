import { NavLink, Outlet } from 'react-router';
import { useSignOut } from '../features/auth/api/sign-out';
import { ProjectContent } from '../features/projects/components/project-gate';
import { ProjectSwitcher } from '../features/projects/components/project-switcher';
import { useProjectState } from '../lib/project-context';
import { useSession } from '../lib/session';
import { useTheme } from '../lib/theme';

const themeLabel = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' } as const;

const nav = [
  { to: '/dashboard', label: 'Overview', end: true },
  { to: '/dashboard/clusters', label: 'Clusters', end: false },
  { to: '/dashboard/feedback', label: 'Feedback', end: false },
  { to: '/dashboard/sources', label: 'Sources', end: false },
  { to: '/dashboard/prs', label: 'PRs', end: false },
  { to: '/dashboard/settings/fix', label: 'Fix settings', end: false },
  { to: '/dashboard/notifications', label: 'Notifications', end: false },
  { to: '/dashboard/limits', label: 'Budgets & keys', end: false },
  { to: '/dashboard/projects', label: 'Projects', end: false },
];

function DashboardNav() {
  if (useProjectState().project === undefined) return null;
  return (
    <nav aria-label="Dashboard">
      <ul>
        {nav.map((n) => (
          <li key={n.to}>
            <NavLink to={n.to} end={n.end}>
              {n.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Header (project switcher, navigation, user) around every dashboard page. */
export function AppShell() {
  const me = useSession().data?.me;
  const signOut = useSignOut();
  const theme = useTheme();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {me?.mode === 'local' && (
        <div className="local-banner" role="note">
          Local mode — single user, loopback only
        </div>
      )}
      <header className="app-header">
        <a className="brand" href="/dashboard">
          Soulcaster
        </a>
        <ProjectSwitcher />
        <DashboardNav />
        {me != null && (
          <div className="user">
            <button
              type="button"
              className="theme-toggle button-small"
              onClick={theme.next}
              title="Switch between the system's colours, light and dark"
            >
              {themeLabel[theme.choice]}
            </button>
            {me.user.avatarUrl !== null && <img src={me.user.avatarUrl} alt="" width={24} height={24} />}
            <span>{me.user.login}</span>
            {me.mode === 'github' && (
              <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
                Sign out
              </button>
            )}
          </div>
        )}
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <ProjectContent>
          <Outlet />
        </ProjectContent>
      </main>
    </>
  );
}
