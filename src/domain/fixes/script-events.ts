import { MARK } from './render-fix-script.js';

/**
 * Reads the `::soulcaster::` lines the script prints: phase starts (sandbox clock, ms), the base and
 * commit shas, the test exit code, and which phase failed. Everything else is ordinary output.
 */
export class ScriptEvents {
  readonly phases = new Map<string, number>();
  baseSha: string | undefined;
  commitSha: string | undefined;
  testExit: number | undefined;
  failure: { phase: string; code: number } | undefined;
  private testLines: string[] = [];
  private inTests = false;

  /** returns a readable version of a marker line, or undefined for ordinary output */
  read(line: string): string | undefined {
    if (!line.startsWith(`${MARK} `)) {
      if (this.inTests) {
        this.testLines.push(line);
        if (this.testLines.length > 40) this.testLines.shift();
      }
      return undefined;
    }
    const [event, a = '', b = ''] = line.slice(MARK.length + 1).split(' ');
    switch (event) {
      case 'phase':
        this.phases.set(a, Number(b));
        this.inTests = a === 'test';
        return `▶ ${a}`;
      case 'base':
        this.baseSha = a;
        return `base commit ${a}`;
      case 'commit':
        this.commitSha = a;
        return `committed ${a}`;
      case 'test':
        this.testExit = Number(a);
        this.phases.set('test-done', Number(b));
        this.inTests = false;
        return `tests exited with ${a}`;
      case 'fail':
        this.failure ??= { phase: a, code: Number(b) };
        return `✖ ${a} (exit ${b})`;
      default:
        return line;
    }
  }

  /** the push finished (its marker follows it; the agent's own output cannot end the script) */
  get pushed(): boolean {
    return this.phases.has('done');
  }

  get testOutput(): string {
    return this.testLines.join('\n');
  }

  between(from: string, to: string): number | undefined {
    const a = this.phases.get(from);
    const b = this.phases.get(to);
    return a !== undefined && b !== undefined ? b - a : undefined;
  }

  failureReason(): string {
    const f = this.failure;
    if (!f) return 'the job script failed';
    if (f.phase === 'empty-diff') return 'the agent made no changes (empty diff)';
    if (f.phase === 'tests') return `tests failed (exit ${f.code})`;
    // bash's "command not found": the usual cause is an agent CLI missing from the sandbox
    if (f.code === 127)
      return `${f.phase} failed: command not found (exit 127); is the CLI installed in the sandbox?`;
    return `${f.phase} failed (exit ${f.code})`;
  }
}
