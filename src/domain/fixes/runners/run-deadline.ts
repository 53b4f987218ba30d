export type StopReason = 'timeout' | 'cancel';

export interface RunDeadline {
  /** aborted when the run must stop, for either reason */
  readonly signal: AbortSignal;
  /** why it stopped; the first reason wins */
  readonly reason: StopReason | undefined;
  /** resolves when the run must stop (never rejects) */
  readonly stopped: Promise<StopReason>;
  dispose(): void;
}

/**
 * One place that turns the user's cancel signal and the job's time limit into a single stop signal,
 * remembering which came first so the outcome reports timedOut or cancelled, never both.
 */
export function startRunDeadline(opts: { signal: AbortSignal; timeoutMs: number }): RunDeadline {
  const controller = new AbortController();
  let reason: StopReason | undefined;
  let resolveStopped: (r: StopReason) => void = () => undefined;
  const stopped = new Promise<StopReason>((resolve) => (resolveStopped = resolve));
  const stop = (r: StopReason) => {
    if (reason !== undefined) return;
    reason = r;
    controller.abort(new Error(r === 'timeout' ? 'run timed out' : 'run cancelled'));
    resolveStopped(r);
  };
  const onAbort = () => stop('cancel');
  const timer = setTimeout(() => stop('timeout'), opts.timeoutMs);
  if (opts.signal.aborted) stop('cancel');
  else opts.signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    stopped,
    dispose() {
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
    },
  };
}
