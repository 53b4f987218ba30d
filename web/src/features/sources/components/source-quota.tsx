import { useState } from 'react';
import { RelativeTime } from '../../../components/relative-time';
import type { SourceView } from '../api/sources';

/** The vendor API quota the last poll saw (Reddit's X-Ratelimit headers), and when it resets. */
export function SourceQuota({ quota }: { quota: SourceView['quota'] }) {
  // when this observation was first drawn; the panel keys this component by observedAt, so a new one remounts it
  const [drawnAt] = useState(() => Date.now());
  if (quota === null) return null;
  const spent = quota.remaining < 1;
  const resetPassed = Date.parse(quota.resetAt) <= drawnAt;
  return (
    <p className="small muted" aria-label="API quota">
      API quota ({quota.mode === 'oauth' ? 'OAuth' : 'public listing'}):{' '}
      <strong className={spent && !resetPassed ? 'form-error' : undefined}>
        {Math.floor(quota.remaining)} requests left
      </strong>
      {quota.used !== null && <> · {quota.used} used</>} · window resets <RelativeTime iso={quota.resetAt} />
      {spent && !resetPassed && ' · polling paused until then'}
    </p>
  );
}
