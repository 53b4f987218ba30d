import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no dashboard page here. Go to the <Link to="/dashboard">overview</Link>.
      </p>
    </>
  );
}
