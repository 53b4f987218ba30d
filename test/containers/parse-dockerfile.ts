import { readFileSync } from 'node:fs';

export interface Instruction {
  /** upper-case keyword: FROM, RUN, COPY, ... */
  op: string;
  args: string;
  line: number;
}

export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/**
 * Dockerfile instructions as BuildKit reads them: comment lines dropped, backslash continuations joined,
 * keywords case-insensitive. Enough to check the rules this repository holds its images to; the syntax
 * corners (heredocs, escape directive) are not used here.
 */
export function parseDockerfile(file: string): { args: Map<string, string>; stages: Stage[] } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const instructions: Instruction[] = [];
  let current: Instruction | undefined;
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (current === undefined && (text === '' || text.startsWith('#'))) return;
    if (current !== undefined && text.startsWith('#')) return;
    const continues = text.endsWith('\\');
    const body = continues ? text.slice(0, -1) : text;
    if (current === undefined) {
      const m = /^(\w+)\s*(.*)$/.exec(body);
      if (m === null) throw new Error(`${file}:${i + 1}: not an instruction: ${raw}`);
      current = { op: m[1]!.toUpperCase(), args: m[2]!, line: i + 1 };
    } else {
      current.args = `${current.args} ${body}`.trim();
    }
    if (!continues) {
      instructions.push(current);
      current = undefined;
    }
  });
  if (current !== undefined) throw new Error(`${file}: ends inside a continued instruction`);

  // ARGs before the first FROM are the only ones FROM may use
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (m === null) throw new Error(`${file}:${ins.line}: unreadable FROM ${ins.args}`);
      const from = m[1]!.replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? '');
      stages.push({ from, name: m[2], instructions: [] });
    } else if (stages.length === 0) {
      if (ins.op !== 'ARG') throw new Error(`${file}:${ins.line}: ${ins.op} before FROM`);
      const [name, value = ''] = ins.args.split('=', 2) as [string, string?];
      args.set(name.trim(), value.trim());
    } else {
      stages.at(-1)!.instructions.push(ins);
    }
  }
  return { args, stages };
}

/** A base image pinned to a release: an explicit version tag (not latest, not a bare major) or a digest. */
export function isPinnedImage(ref: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(ref)) return true;
  const tag = /:([^/:]+)$/.exec(ref)?.[1];
  return tag !== undefined && tag !== 'latest' && /^\d+\.\d+/.test(tag);
}
