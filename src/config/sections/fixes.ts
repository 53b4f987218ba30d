import { z } from 'zod';
import { envBoolean, envInt, envString } from '../parse-helpers.js';

export const agentNames = ['kilo', 'claude-code', 'codex', 'aider', 'opencode', 'command'] as const;
export type AgentName = (typeof agentNames)[number];
export const runnerNames = ['local', 'e2b', 'fargate'] as const;
export type RunnerName = (typeof runnerNames)[number];

/** API keys the agent CLIs read from their environment; passed to the sandbox as secrets when set. */
const knownAgentSecrets = [
  'ANTHROPIC_API_KEY',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'OPENAI_API_KEY',
  'KILO_API_KEY',
  'KILOCODE_API_KEY',
  'OPENROUTER_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'DEEPSEEK_API_KEY',
] as const;

const commaList = () =>
  envString().transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

/** How the local runner confines a job (docs/SECURITY.md, "What each runner isolates"). */
export const localSandboxModes = ['auto', 'bwrap', 'none'] as const;
export type LocalSandboxMode = (typeof localSandboxModes)[number];

/** The fix loop: which coding agent and runner by default, limits, and what agents may see. */
export const fixesSection = z
  .object({
    SOULCASTER_AGENT: z.enum(agentNames).default('kilo'),
    SOULCASTER_AGENT_MODEL: envString(),
    // the generic `command` agent: a bash command run in the checkout; $SOULCASTER_TASK_FILE holds the task
    SOULCASTER_AGENT_COMMAND: envString(),
    // extra environment variable names (comma-separated) handed to agents as secrets
    SOULCASTER_AGENT_SECRET_ENV: envString(),
    // Kilo settings (JSON, kilo.json's format: providers, base URLs) merged into its headless config
    SOULCASTER_KILO_CONFIG: envString().pipe(
      z
        .string()
        .transform((s, ctx) => {
          try {
            const v: unknown = JSON.parse(s);
            if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
          } catch {
            // reported below
          }
          ctx.addIssue({ code: 'custom', message: 'must be a JSON object (kilo.json format)' });
          return z.NEVER;
        })
        .optional(),
    ),
    SOULCASTER_RUNNER: z.enum(runnerNames).default('local'),
    // the agents a project owner may choose (comma-separated); all when unset
    FIX_ALLOWED_AGENTS: commaList().pipe(z.array(z.enum(agentNames))),
    // whether projects may set a test command (it runs in the sandbox after the agent)
    FIX_ALLOW_TEST_COMMANDS: envBoolean(true),
    FIX_JOB_TIMEOUT_SECONDS: envInt(1800, { min: 5, max: 12 * 3600 }),
    FIX_HEARTBEAT_SECONDS: envInt(5, { min: 1, max: 300 }),
    FIX_WORKER_LOST_SECONDS: envInt(120, { min: 3, max: 24 * 3600 }),
    FIX_PR_POLL_CRON: z.string().min(1).default('*/5 * * * *'),
    LOCAL_RUNNER_DIR: envString(),
    // PATH inside the local sandbox (and for git): where git, bash and the agent CLIs are found
    SOULCASTER_SANDBOX_PATH: envString(),
    PATH: z.string().optional(),
    // address-space limit, off by default: V8 reserves ~10 GB per WebAssembly memory, so even 8 GB
    // breaks Node's WASM (measured), and JIT runtimes reserve large ranges too
    LOCAL_RUNNER_MEMORY_MB: envInt(0, { min: 0 }),
    LOCAL_RUNNER_CPU_SECONDS: envInt(3600, { min: 0 }),
    LOCAL_RUNNER_FILE_SIZE_MB: envInt(1024, { min: 0 }),
    // auto: bubblewrap when it works on this host, else the fallback with a warning; bwrap: required
    LOCAL_RUNNER_SANDBOX: z.enum(localSandboxModes).default('auto'),
    // network inside the bubblewrap sandbox; agents need their model's API, so it is on by default
    LOCAL_RUNNER_NETWORK: envBoolean(true),
    // more host paths the sandbox may read (comma-separated): where agent CLIs or their files live
    LOCAL_RUNNER_READONLY_PATHS: commaList(),
    // the unprivileged user jobs run as when the server runs as root
    LOCAL_RUNNER_UID: envInt(65534, { min: 1, max: 2 ** 31 - 1 }),
    LOCAL_RUNNER_GID: envInt(65534, { min: 1, max: 2 ** 31 - 1 }),
  })
  .loose()
  .superRefine((e, ctx) => {
    if (e.FIX_ALLOWED_AGENTS.length > 0 && !e.FIX_ALLOWED_AGENTS.includes(e.SOULCASTER_AGENT))
      ctx.addIssue({
        code: 'custom',
        path: ['SOULCASTER_AGENT'],
        message: `the default agent '${e.SOULCASTER_AGENT}' is not in FIX_ALLOWED_AGENTS`,
      });
    for (const p of e.LOCAL_RUNNER_READONLY_PATHS)
      if (!p.startsWith('/'))
        ctx.addIssue({
          code: 'custom',
          path: ['LOCAL_RUNNER_READONLY_PATHS'],
          message: `'${p}' is not an absolute path`,
        });
  })
  .transform((e) => {
    const extra = (e.SOULCASTER_AGENT_SECRET_ENV ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s));
    const agentSecrets: Record<string, string> = {};
    for (const name of [...knownAgentSecrets, ...extra]) {
      const v = (e as Record<string, unknown>)[name];
      if (typeof v === 'string' && v.trim() !== '') agentSecrets[name] = v.trim();
    }
    return {
      defaultAgent: e.SOULCASTER_AGENT,
      agentModel: e.SOULCASTER_AGENT_MODEL,
      agentCommand: e.SOULCASTER_AGENT_COMMAND,
      kiloConfig: e.SOULCASTER_KILO_CONFIG,
      /** name → value of every agent credential present in the environment */
      agentSecrets,
      defaultRunner: e.SOULCASTER_RUNNER,
      jobTimeoutSeconds: e.FIX_JOB_TIMEOUT_SECONDS,
      heartbeatSeconds: e.FIX_HEARTBEAT_SECONDS,
      workerLostSeconds: e.FIX_WORKER_LOST_SECONDS,
      prPollCron: e.FIX_PR_POLL_CRON,
      /** what the server lets project owners choose; enforced on settings changes and at Start Fix */
      policy: {
        /** undefined: every agent */
        allowedAgents: e.FIX_ALLOWED_AGENTS.length > 0 ? e.FIX_ALLOWED_AGENTS : undefined,
        allowTestCommands: e.FIX_ALLOW_TEST_COMMANDS,
      },
      local: {
        /** parent of each job's temporary directory; the OS temp dir when unset */
        dir: e.LOCAL_RUNNER_DIR,
        path: e.SOULCASTER_SANDBOX_PATH ?? e.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        memoryMb: e.LOCAL_RUNNER_MEMORY_MB,
        cpuSeconds: e.LOCAL_RUNNER_CPU_SECONDS,
        fileSizeMb: e.LOCAL_RUNNER_FILE_SIZE_MB,
        sandbox: e.LOCAL_RUNNER_SANDBOX,
        network: e.LOCAL_RUNNER_NETWORK,
        readonlyPaths: e.LOCAL_RUNNER_READONLY_PATHS,
        uid: e.LOCAL_RUNNER_UID,
        gid: e.LOCAL_RUNNER_GID,
      },
    };
  });
