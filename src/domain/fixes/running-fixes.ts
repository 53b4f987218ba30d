/**
 * The fix jobs this process is running, so shutdown can stop their sandboxes instead of leaving detached
 * processes behind (the job is then failed with the reason, not left in `running`).
 */
export class RunningFixes {
  private readonly jobs = new Map<string, AbortController>();

  add(jobId: string, controller: AbortController): void {
    this.jobs.set(jobId, controller);
  }

  delete(jobId: string): void {
    this.jobs.delete(jobId);
  }

  /** true when the job runs here (and is now being stopped) */
  abort(jobId: string, reason: string): boolean {
    const c = this.jobs.get(jobId);
    c?.abort(reason);
    return c !== undefined;
  }

  get size(): number {
    return this.jobs.size;
  }

  abortAll(reason: string): void {
    for (const c of this.jobs.values()) c.abort(reason);
  }
}
