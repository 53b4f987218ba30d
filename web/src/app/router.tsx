import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SignInPage } from '../features/auth/components/sign-in-page';
import { ClusterDetailPage } from '../features/clusters/components/cluster-detail-page';
import { ClustersPage } from '../features/clusters/components/clusters-page';
import { DashboardPage } from '../features/dashboard/components/dashboard-page';
import { FeedbackPage } from '../features/feedback/components/feedback-page';
import { ProjectsPage } from '../features/projects/components/projects-page';
import { ProjectProvider } from '../features/projects/components/project-gate';
import { FixesPage } from '../features/fixes/components/fixes-page';
import { FixSettingsPage } from '../features/fix-settings/components/fix-settings-page';
import { SourcesPage } from '../features/sources/components/sources-page';
import { NotificationsPage } from '../features/notifications/components/notifications-page';
import { BudgetsPanel } from '../features/budgets/components/budgets-panel';
import { ApiKeysPanel } from '../features/api-keys/components/api-keys-panel';
import { PageHeader } from '../components/page-header';
import { AppShell } from './app-shell';
import { NotFoundPage } from './not-found';
import { RequireSession } from './require-session';
import { ScrollToHash } from './scroll-to-hash';

export function AppRouter() {
  return (
    <BrowserRouter>
      <ScrollToHash />
      <Routes>
        <Route path="/auth/signin" element={<SignInPage />} />
        <Route
          path="/dashboard"
          element={
            // projects load only once the session exists: in local mode the first request without a cookie
            // creates the session, and two such requests at once would create two
            <RequireSession>
              <ProjectProvider>
                <AppShell />
              </ProjectProvider>
            </RequireSession>
          }
        >
          <Route index element={<DashboardPage />} />
          <Route path="clusters" element={<ClustersPage />} />
          <Route path="clusters/:clusterId" element={<ClusterDetailPage />} />
          <Route path="feedback" element={<FeedbackPage />} />
          <Route path="sources" element={<SourcesPage />} />
          <Route path="prs" element={<FixesPage />} />
          <Route path="settings/fix" element={<FixSettingsPage />} />
          <Route path="projects" element={<ProjectsPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route
            path="limits"
            element={
              <>
                <PageHeader title="Budgets and API keys" />
                <BudgetsPanel />
                <ApiKeysPanel />
              </>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/dashboard" replace />} />
      </Routes>
    </BrowserRouter>
  );
}
