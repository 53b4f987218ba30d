import { useEffect, useRef, useState } from 'react';
import { useApiClient } from '../../../lib/api-context';
import type { Fix, FixStatus } from '../../../lib/api-types';
import { projectPath } from '../../../lib/project-context';

export interface LogLine {
  seq: number;
  ts: string;
  stream: 'stdout' | 'stderr' | 'system';
  line: string;
}

export type LogTransport = 'stream' | 'polling' | 'done';

export interface FixLogState {
  lines: LogLine[];
  status: FixStatus | undefined;
  transport: LogTransport;
  error: string | undefined;
}

const terminal = (s: FixStatus | undefined) => s === 'success' || s === 'failed' || s === 'cancelled';
const MAX_LINES = 5000;
const POLL_MS = 3000;

/**
 * A job's log, live: Server-Sent Events on …/events (the browser resumes with Last-Event-ID), and when the
 * stream cannot be held open (a proxy that buffers, an old browser) polling …/logs?after=<seq> every 3 s.
 * `onStatus` hears each job view the stream sends.
 */
export function useFixLog(
  projectId: string,
  fixId: string,
  initialStatus: FixStatus,
  onStatus?: (job: Fix) => void,
): FixLogState {
  const api = useApiClient();
  const finished = terminal(initialStatus);
  // survives effect restarts, so a reconnect that replays the log from the start adds nothing twice
  const lastSeqRef = useRef(0);
  const [state, setState] = useState<FixLogState>({
    lines: [],
    status: initialStatus,
    transport: finished ? 'done' : 'stream',
    error: undefined,
  });

  useEffect(() => {
    let stopped = false;
    let source: EventSource | undefined;
    let timer: number | undefined;

    const append = (incoming: LogLine[]) => {
      const fresh = incoming.filter((l) => l.seq > lastSeqRef.current).sort((a, b) => a.seq - b.seq);
      if (fresh.length === 0) return;
      lastSeqRef.current = fresh[fresh.length - 1]!.seq;
      setState((s) => ({ ...s, lines: [...s.lines, ...fresh].slice(-MAX_LINES) }));
    };

    const poll = async () => {
      try {
        const page = await api.get<{ lines: LogLine[]; status: FixStatus }>(
          projectPath(projectId, `/fixes/${fixId}/logs`),
          { after: lastSeqRef.current },
        );
        if (stopped) return;
        append(page.lines);
        const done = terminal(page.status) && page.lines.length === 0;
        setState((s) => ({
          ...s,
          status: page.status,
          error: undefined,
          transport: done ? 'done' : s.transport,
        }));
        if (!done) timer = window.setTimeout(() => void poll(), page.lines.length > 0 ? 500 : POLL_MS);
      } catch (err) {
        if (stopped) return;
        setState((s) => ({ ...s, error: err instanceof Error ? err.message : String(err) }));
        timer = window.setTimeout(() => void poll(), POLL_MS);
      }
    };

    const startPolling = () => {
      source?.close();
      source = undefined;
      setState((s) => ({ ...s, transport: s.transport === 'done' ? 'done' : 'polling' }));
      void poll();
    };

    if (finished || typeof EventSource === 'undefined') {
      startPolling();
    } else {
      let errors = 0;
      source = new EventSource(projectPath(projectId, `/fixes/${fixId}/events`));
      source.addEventListener('log', (e) =>
        append([JSON.parse((e as MessageEvent<string>).data) as LogLine]),
      );
      source.addEventListener('status', (e) => {
        const job = JSON.parse((e as MessageEvent<string>).data) as Fix;
        setState((s) => ({ ...s, status: job.status }));
        onStatus?.(job);
        // the server ends the stream after a terminal status; a final poll collects any stragglers
        if (terminal(job.status)) startPolling();
      });
      source.addEventListener('open', () => {
        errors = 0;
      });
      source.addEventListener('error', () => {
        errors += 1;
        // CLOSED means the browser gave up (HTTP error, wrong content type); repeated errors mean the
        // connection keeps dropping. Either way polling is the dependable path.
        if (source?.readyState === EventSource.CLOSED || errors >= 2) startPolling();
      });
    }
    return () => {
      stopped = true;
      source?.close();
      window.clearTimeout(timer);
    };
    // onStatus is a notification only; re-subscribing on every render would replay the stream
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, projectId, fixId, finished]);

  return state;
}
