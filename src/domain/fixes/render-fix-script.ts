import { randomBytes } from 'node:crypto';
import { shq } from './agents/shell-quote.js';
import type { CodingAgent } from './coding-agent.js';

export const MARK = '::soulcaster::';

export interface FixScriptInput {
  cloneUrl: string;
  baseBranch: string;
  branch: string;
  agent: CodingAgent;
  model: string | undefined;
  task: string;
  commitMessage: string;
  testCommand: string | undefined;
  author: { name: string; email: string };
}

/** The env names the script expects in its secret environment. */
/** relative to the checkout, where the agent runs: the same path in every runner */
const TASK_FILE = '../task.md';

export const SECRET_TOKEN = 'SOULCASTER_GITHUB_TOKEN';
export const SECRET_AUTH_HEADER = 'SOULCASTER_GIT_AUTH_HEADER';

const heredoc = (file: string, content: string) => {
  const tag = `SOULCASTER_EOF_${randomBytes(8).toString('hex')}`;
  return `cat > ${file} <<'${tag}'\n${content}\n${tag}`;
};

/**
 * The whole job as one bash script, identical for every runner. It clones with the token given as an
 * environment-only http.extraHeader, runs the agent (and the tests) WITHOUT the token in their
 * environment, refuses an empty diff, commits as the user with hooks disabled, and pushes from a fresh
 * bare repository so nothing the agent wrote into .git (config, hooks, insteadOf rules) touches the push.
 * `::soulcaster:: <event>` lines on stdout tell the orchestrator which phase ran, when, and how it ended.
 */
export function renderFixScript(i: FixScriptInput): string {
  return `#!/usr/bin/env bash
set -Eeuo pipefail
now() { date +%s%3N; }
mark() { echo "${MARK} $*"; }
PHASE=setup
trap 'rc=$?; mark fail "$PHASE" "$rc"; exit $rc' ERR
authed() { GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraHeader GIT_CONFIG_VALUE_0="$${SECRET_AUTH_HEADER}" "$@"; }
# the agent and the tests never see the GitHub credentials
unauthed() { env -u ${SECRET_TOKEN} -u ${SECRET_AUTH_HEADER} "$@"; }
export GIT_AUTHOR_NAME=${shq(i.author.name)} GIT_AUTHOR_EMAIL=${shq(i.author.email)}
export GIT_COMMITTER_NAME=${shq(i.author.name)} GIT_COMMITTER_EMAIL=${shq(i.author.email)}
JOB="$PWD"
${heredoc('"$JOB/task.md"', i.task)}
${heredoc('"$JOB/commit-message.txt"', i.commitMessage)}

PHASE=clone; mark phase clone "$(now)"
authed git clone --quiet --depth 1 --single-branch --branch ${shq(i.baseBranch)} ${shq(i.cloneUrl)} repo
cd repo
BASE_SHA="$(git rev-parse HEAD)"
git checkout --quiet -b ${shq(i.branch)}
mark base "$BASE_SHA"

PHASE=agent; mark phase agent "$(now)"
unauthed bash -c ${shq(i.agent.command({ taskFile: TASK_FILE, ...(i.model ? { model: i.model } : {}) }))}
mark phase agent-done "$(now)"

PHASE=diff
git add -A
if git diff --cached --quiet && [ "$(git rev-parse HEAD)" = "$BASE_SHA" ]; then
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
if unauthed bash -c ${shq(i.testCommand)}; then TEST_RC=0; else TEST_RC=$?; fi
mark test "$TEST_RC" "$(now)"
if [ "$TEST_RC" -ne 0 ]; then mark fail tests "$TEST_RC"; exit 4; fi`
    : ''
}

PHASE=commit; mark phase commit "$(now)"
git add -A
if ! git diff --cached --quiet; then
  git -c core.hooksPath=/dev/null commit --quiet --no-verify -F "$JOB/commit-message.txt"
fi
COMMIT_SHA="$(git rev-parse HEAD)"
mark commit "$COMMIT_SHA"
git --no-pager log --oneline -n 3

PHASE=push; mark phase push "$(now)"
cd "$JOB"
git init --quiet --bare push.git
git --git-dir=push.git fetch --quiet --no-tags --update-shallow "$JOB/repo" ${shq(`+refs/heads/${i.branch}:refs/heads/${i.branch}`)}
authed git --git-dir=push.git -c core.hooksPath=/dev/null push --quiet ${shq(i.cloneUrl)} ${shq(`refs/heads/${i.branch}:refs/heads/${i.branch}`)}
mark phase done "$(now)"
`;
}
