import { randomBytes } from 'node:crypto';
import { shq } from './agents/shell-quote.js';
import type { CodingAgent } from './coding-agent.js';

export const MARK = '::soulcaster::';

/** The checkout the server ships to the sandbox (a tar.gz of the cloned repository, .git included). */
export const WORKSPACE_FILE = 'workspace.tar.gz';
/** What the sandbox hands back: a git bundle of the agent's work on top of the base commit. */
export const RESULT_FILE = 'result.bundle';
/** The ref the result bundle carries. */
export const RESULT_REF = 'refs/soulcaster/result';

export interface FixScriptInput {
  /** the commit the server cloned; the result bundle is built on top of it */
  baseSha: string;
  agent: CodingAgent;
  model: string | undefined;
  task: string;
  testCommand: string | undefined;
}

/** relative to the checkout, where the agent runs: the same path in every runner */
const TASK_FILE = '../task.md';

const heredoc = (file: string, content: string) => {
  const tag = `SOULCASTER_EOF_${randomBytes(8).toString('hex')}`;
  return `cat > ${file} <<'${tag}'\n${content}\n${tag}`;
};

/**
 * The untrusted part of a fix as one bash script, identical for every runner: unpack the checkout the
 * server cloned, run the agent, refuse an empty diff, run the tests, and leave the result as a git bundle.
 * It holds no credential and needs none: the server clones before it and commits and pushes after it,
 * from the bundle, once the whole process tree has ended. The commit made here only carries the tree
 * back; the server writes its own commit (the user as author) from that tree.
 * `::soulcaster:: <event>` lines on stdout tell the orchestrator which phase ran, when, and how it ended.
 */
export function renderFixScript(i: FixScriptInput): string {
  return `#!/usr/bin/env bash
set -Eeuo pipefail
now() { date +%s%3N; }
mark() { echo "${MARK} $*"; }
PHASE=setup
trap 'rc=$?; mark fail "$PHASE" "$rc"; exit $rc' ERR
JOB="$PWD"
${heredoc('"$JOB/task.md"', i.task)}
mkdir repo
tar -xzf ${WORKSPACE_FILE} -C repo
rm -f ${WORKSPACE_FILE}
cd repo

PHASE=agent; mark phase agent "$(now)"
bash -c ${shq(i.agent.command({ taskFile: TASK_FILE, ...(i.model ? { model: i.model } : {}) }))}
mark phase agent-done "$(now)"

PHASE=diff
git add -A
if git diff --cached --quiet && [ "$(git rev-parse HEAD)" = ${shq(i.baseSha)} ]; then
  mark fail empty-diff 3
  echo "the agent made no changes" >&2
  exit 3
fi
git diff --cached --stat
${
  i.testCommand
    ? `
PHASE=test; mark phase test "$(now)"
# inside \`if\` a failure is a result, not an error (no ERR trap)
if bash -c ${shq(i.testCommand)}; then TEST_RC=0; else TEST_RC=$?; fi
mark test "$TEST_RC" "$(now)"
if [ "$TEST_RC" -ne 0 ]; then mark fail tests "$TEST_RC"; exit 4; fi`
    : ''
}

PHASE=result; mark phase result "$(now)"
git add -A
if ! git diff --cached --quiet; then
  git -c core.hooksPath=/dev/null -c user.name=sandbox -c user.email=sandbox@soulcaster.invalid \\
    commit --quiet --no-verify -m "agent result"
fi
git update-ref ${RESULT_REF} HEAD
git bundle create --quiet "$JOB/${RESULT_FILE}" ${RESULT_REF} ${shq(`^${i.baseSha}`)}
mark phase result-done "$(now)"
`;
}
