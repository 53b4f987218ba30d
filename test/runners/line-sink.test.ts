import { describe, expect, it } from 'vitest';
import type { LogStream } from '../../src/domain/fixes/runner.js';
import { createLineSink } from '../../src/domain/fixes/runners/line-sink.js';
import { createRedactor } from '../../src/lib/redact.js';

function collect(secrets: Record<string, string> = {}) {
  const lines: [LogStream, string][] = [];
  const sink = createLineSink(secrets, (stream, line) => lines.push([stream, line]));
  return { sink, lines };
}

describe('line sink', () => {
  it('joins chunks into lines per stream, so interleaved chunks never splice', () => {
    const { sink, lines } = collect();
    sink.write('stdout', 'hel');
    sink.write('stderr', 'warn');
    sink.write('stdout', 'lo\r\nwor');
    sink.write('stderr', 'ing\n');
    sink.write('stdout', 'ld');
    sink.flush();
    expect(lines).toEqual([
      ['stdout', 'hello'],
      ['stderr', 'warning'],
      ['stdout', 'world'],
    ]);
  });

  it('redacts a secret split across chunks, and the lines of a multi-line secret', () => {
    const { sink, lines } = collect({ TOKEN: 'abc123secret', KEY: 'line-one-xx\nline-two-yy' });
    sink.write('stdout', 'token abc12');
    sink.write('stdout', '3secret end\nkey: line-two-yy\n');
    sink.system('failed with abc123secret');
    expect(lines).toEqual([
      ['stdout', 'token [redacted] end'],
      ['stdout', 'key: [redacted]'],
      ['system', 'failed with [redacted]'],
    ]);
  });

  it('redacts the longest secret first and GitHub-shaped tokens it was not told about', () => {
    const redact = createRedactor(['secret', 'secret-long']);
    expect(redact('x secret-long y secret')).toBe('x [redacted] y [redacted]');
    expect(redact('leaked ghp_abcdefghijklmnopqrstuvwxyz0123 here')).toBe('leaked [redacted] here');
    expect(createRedactor([''])('nothing to hide')).toBe('nothing to hide');
  });
});
