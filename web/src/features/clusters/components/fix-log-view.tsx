import { useEffect, useRef } from 'react';
import type { Fix } from '../../../lib/api-types';
import { useFixLog } from '../api/fix-log';

const transportLabel = { stream: 'live (streaming)', polling: 'live (polling every 3 s)', done: 'finished' };

export function FixLogView({
  id,
  projectId,
  job,
  onStatus,
}: {
  id: string;
  projectId: string;
  job: Fix;
  onStatus: () => void;
}) {
  const log = useFixLog(projectId, job.id, job.status, onStatus);
  const ref = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);

  // follow the tail unless the reader scrolled up to look at something
  useEffect(() => {
    const el = ref.current;
    if (el !== null && pinned.current) el.scrollTop = el.scrollHeight;
  }, [log.lines.length]);

  return (
    <div className="job-log" id={id}>
      <p className="muted small">
        Log: {log.transport === 'done' ? transportLabel.done : transportLabel[log.transport]} ·{' '}
        {log.lines.length} lines
        {log.error !== undefined && <span className="form-error"> · {log.error} (retrying)</span>}
      </p>
      <pre
        ref={ref}
        className="log"
        role="log"
        aria-label={`Log of the ${job.agent} job`}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {log.lines.length === 0
          ? log.transport === 'done'
            ? 'No output was recorded.'
            : 'Waiting for output…'
          : log.lines.map((l) => (
              <span key={l.seq} className={`log-line log-${l.stream}`}>
                <span className="log-ts">{l.ts.slice(11, 19)}</span> {l.line}
                {'\n'}
              </span>
            ))}
      </pre>
    </div>
  );
}
