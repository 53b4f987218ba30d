import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { SourcesPanel } from './sources-panel';

/** Where feedback comes from: its own page, reached from the navigation and the Feedback page. */
export function SourcesPage() {
  return (
    <>
      <PageHeader title="Sources">
        <Link className="button" to="/dashboard/feedback">
          Feedback received
        </Link>
      </PageHeader>
      <SourcesPanel />
    </>
  );
}
