import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeServer, type FakeServer } from './http-server.js';
import { verifySigV4 } from './sigv4.js';

/**
 * Amazon ECS (Fargate launch type) and CloudWatch Logs as the AWS SDK speaks to them: AWS JSON 1.1
 * (POST /, Content-Type application/x-amz-json-1.1, X-Amz-Target
 * AmazonEC2ContainerServiceV20141113.{RunTask,DescribeTasks,StopTask} and Logs_20140328.GetLogEvents),
 * SigV4-signed requests (verified), errors as 400 {"__type", "message"}.
 * A task really runs its container command with bash on this machine, in a private temporary
 * directory, with the task definition's environment plus the overrides. Every output line becomes one
 * log event in `prefix/container/taskId` of the definition's log group, as the awslogs driver writes
 * them (stdout and stderr merged, one event per line). StopTask sends SIGTERM and, after the stop
 * timeout, SIGKILL; exit codes follow Docker (128 + signal).
 */
export interface FakeTaskDefinition {
  family: string;
  containerName: string;
  logGroup: string;
  streamPrefix: string;
}

export interface FakeFargate extends FakeServer {
  credentials: { accessKeyId: string; secretAccessKey: string };
  runTasks: Record<string, unknown>[];
  stopTasks: { task: string; reason?: string }[];
  calls: string[];
  /** tasks whose container process is still alive */
  running(): string[];
  /** the next `count` calls of an operation (e.g. 'DescribeTasks') answer 500 ServerException */
  failNext(operation: string, count: number): void;
  /** the next task stops before its container starts, as when the image cannot be pulled */
  failNextStart(reason: string): void;
}

interface FakeTask {
  arn: string;
  id: string;
  def: FakeTaskDefinition;
  lastStatus: 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  exitCode?: number;
  stopCode?: string;
  stoppedReason?: string;
  createdAt: number;
  startedAt?: number;
  stoppedAt?: number;
  overrides: unknown;
  child?: ChildProcess;
  dir?: string;
}

interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

const ACCOUNT = '123456789012';
const ECS = 'AmazonEC2ContainerServiceV20141113.';
const LOGS = 'Logs_20140328.';

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeFargate(opts: {
  region: string;
  cluster: string;
  taskDefinitions: FakeTaskDefinition[];
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** time a task spends provisioning before its container starts */
  startDelayMs?: number;
  /** ECS waits this long after SIGTERM before SIGKILL (stopTimeout; 30 s by default on AWS) */
  stopTimeoutMs?: number;
}): Promise<FakeFargate> {
  const credentials = opts.credentials ?? {
    accessKeyId: 'AKIAFAKEFAKEFAKE0001',
    secretAccessKey: 'fake-secret',
  };
  const tasks = new Map<string, FakeTask>();
  const streams = new Map<string, LogEvent[]>();
  const log = {
    runTasks: [] as Record<string, unknown>[],
    stopTasks: [] as FakeFargate['stopTasks'],
    calls: [] as string[],
  };
  const failures = new Map<string, number>();
  let startFailure: string | undefined;
  const clusterArn = `arn:aws:ecs:${opts.region}:${ACCOUNT}:cluster/${opts.cluster}`;

  const findDefinition = (ref: string) =>
    opts.taskDefinitions.find(
      (d) =>
        ref === d.family || ref.startsWith(`${d.family}:`) || ref.includes(`:task-definition/${d.family}:`),
    );
  const checkCluster = (c: unknown) => {
    if (c !== undefined && c !== opts.cluster && c !== clusterArn)
      throw new AwsError('ClusterNotFoundException', 'Cluster not found.');
  };

  function startContainer(task: FakeTask, command: string[], environment: { name: string; value: string }[]) {
    if (startFailure !== undefined) {
      task.stopCode = 'TaskFailedToStart';
      finish(task, undefined, startFailure);
      startFailure = undefined;
      return;
    }
    void mkdtemp(path.join(tmpdir(), 'fake-fargate-')).then((dir) => {
      if (task.desiredStatus === 'STOPPED') return finish(task, undefined, 'Task stopped before it started');
      task.dir = dir;
      const events: LogEvent[] = [];
      streams.set(
        `${task.def.logGroup}\n${task.def.streamPrefix}/${task.def.containerName}/${task.id}`,
        events,
      );
      const env = Object.fromEntries(environment.map((e) => [e.name, e.value]));
      const child = spawn(command[0] ?? 'bash', command.slice(1), {
        cwd: dir,
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: dir, HOSTNAME: task.id, ...env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      task.child = child;
      task.lastStatus = 'RUNNING';
      task.startedAt = Date.now();
      const pending = { out: '', err: '' };
      const collect = (key: 'out' | 'err') => (chunk: Buffer) => {
        const lines = (pending[key] + chunk.toString('utf8')).split('\n');
        pending[key] = lines.pop() ?? '';
        const now = Date.now();
        for (const message of lines) events.push({ timestamp: now, message, ingestionTime: now });
      };
      child.stdout.on('data', collect('out'));
      child.stderr.on('data', collect('err'));
      child.on('close', (code, signal) => {
        const now = Date.now();
        for (const rest of [pending.out, pending.err])
          if (rest !== '') events.push({ timestamp: now, message: rest, ingestionTime: now });
        const exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 1);
        finish(task, exitCode, task.stoppedReason ?? 'Essential container in task exited');
      });
    });
  }

  function finish(task: FakeTask, exitCode: number | undefined, reason: string) {
    task.child = undefined;
    task.exitCode = exitCode;
    task.stopCode ??= 'EssentialContainerExited';
    task.stoppedReason = reason;
    task.lastStatus = 'STOPPED';
    task.desiredStatus = 'STOPPED';
    task.stoppedAt = Date.now();
    if (task.dir) void rm(task.dir, { recursive: true, force: true });
  }

  const view = (t: FakeTask) => ({
    taskArn: t.arn,
    clusterArn,
    taskDefinitionArn: `arn:aws:ecs:${opts.region}:${ACCOUNT}:task-definition/${t.def.family}:1`,
    launchType: 'FARGATE',
    lastStatus: t.lastStatus,
    desiredStatus: t.desiredStatus,
    startedBy: 'soulcaster',
    createdAt: t.createdAt / 1000,
    ...(t.startedAt !== undefined && { startedAt: t.startedAt / 1000 }),
    ...(t.stoppedAt !== undefined && { stoppedAt: t.stoppedAt / 1000 }),
    ...(t.stopCode !== undefined && t.lastStatus === 'STOPPED' && { stopCode: t.stopCode }),
    ...(t.stoppedReason !== undefined && { stoppedReason: t.stoppedReason }),
    overrides: t.overrides,
    containers: [
      {
        containerArn: `arn:aws:ecs:${opts.region}:${ACCOUNT}:container/${opts.cluster}/${t.id}/${t.def.containerName}`,
        taskArn: t.arn,
        name: t.def.containerName,
        lastStatus: t.lastStatus === 'STOPPED' ? 'STOPPED' : t.child ? 'RUNNING' : 'PENDING',
        ...(t.exitCode !== undefined && { exitCode: t.exitCode }),
      },
    ],
  });

  const handlers: Record<string, (input: Record<string, unknown>) => unknown> = {
    [`${ECS}RunTask`]: (input) => {
      log.runTasks.push(input);
      checkCluster(input.cluster);
      const def = findDefinition(String(input.taskDefinition));
      if (!def) throw new AwsError('ClientException', 'TaskDefinition not found.');
      if (input.launchType !== 'FARGATE')
        throw new AwsError('InvalidParameterException', 'launchType must be FARGATE here.');
      const vpc = (input.networkConfiguration as { awsvpcConfiguration?: { subnets?: string[] } } | undefined)
        ?.awsvpcConfiguration;
      if (!vpc?.subnets?.length)
        throw new AwsError(
          'InvalidParameterException',
          "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
        );
      const overrides = (input.overrides ?? {}) as {
        containerOverrides?: {
          name?: string;
          command?: string[];
          environment?: { name: string; value: string }[];
        }[];
      };
      if (JSON.stringify(overrides).length > 8192)
        throw new AwsError('InvalidParameterException', 'Container Overrides length must be at most 8192');
      const co = overrides.containerOverrides?.[0];
      if (co && co.name !== def.containerName)
        throw new AwsError(
          'InvalidParameterException',
          `Override for container named ${co.name} is not a container in the TaskDefinition.`,
        );
      const id = randomBytes(16).toString('hex');
      const task: FakeTask = {
        arn: `arn:aws:ecs:${opts.region}:${ACCOUNT}:task/${opts.cluster}/${id}`,
        id,
        def,
        lastStatus: 'PROVISIONING',
        desiredStatus: 'RUNNING',
        createdAt: Date.now(),
        overrides,
      };
      tasks.set(task.arn, task);
      setTimeout(
        () => startContainer(task, co?.command ?? ['bash', '-c', 'true'], co?.environment ?? []),
        opts.startDelayMs ?? 50,
      );
      return { tasks: [view(task)], failures: [] };
    },
    [`${ECS}DescribeTasks`]: (input) => {
      checkCluster(input.cluster);
      const found = [];
      const failures = [];
      for (const ref of (input.tasks as string[] | undefined) ?? []) {
        const t = tasks.get(ref) ?? [...tasks.values()].find((x) => x.id === ref);
        if (t) found.push(view(t));
        else failures.push({ arn: ref, reason: 'MISSING' });
      }
      return { tasks: found, failures };
    },
    [`${ECS}StopTask`]: (input) => {
      checkCluster(input.cluster);
      const ref = String(input.task);
      const t = tasks.get(ref) ?? [...tasks.values()].find((x) => x.id === ref);
      if (!t) throw new AwsError('InvalidParameterException', 'The referenced task was not found.');
      log.stopTasks.push({ task: ref, ...(typeof input.reason === 'string' && { reason: input.reason }) });
      if (t.lastStatus !== 'STOPPED') {
        t.desiredStatus = 'STOPPED';
        t.stopCode = 'UserInitiated';
        t.stoppedReason = typeof input.reason === 'string' ? input.reason : 'Task stopped by user';
        if (t.child) {
          t.lastStatus = 'DEACTIVATING';
          const child = t.child;
          signalGroup(child, 'SIGTERM');
          setTimeout(() => signalGroup(child, 'SIGKILL'), opts.stopTimeoutMs ?? 500).unref();
        }
      }
      return { task: view(t) };
    },
    [`${LOGS}GetLogEvents`]: (input) => {
      const group = String(input.logGroupName);
      if (!opts.taskDefinitions.some((d) => d.logGroup === group))
        throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
      const events = streams.get(`${group}\n${String(input.logStreamName)}`);
      if (!events)
        throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
      const limit = typeof input.limit === 'number' ? input.limit : 10_000;
      const token = typeof input.nextToken === 'string' ? /^f\/(\d+)$/.exec(input.nextToken) : null;
      const from = token
        ? Number(token[1])
        : input.startFromHead === true
          ? 0
          : Math.max(0, events.length - limit);
      const page = events.slice(from, from + limit);
      return {
        events: page,
        nextForwardToken: `f/${String(from + page.length).padStart(56, '0')}`,
        nextBackwardToken: `b/${String(from).padStart(56, '0')}`,
      };
    },
  };

  const server = await startFakeServer((req, res, body) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const reply = (status: number, payload: unknown, errorType?: string) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomBytes(16).toString('hex'),
        ...(errorType !== undefined && { 'x-amzn-errortype': errorType }),
      });
      res.end(JSON.stringify(payload));
    };
    const fail = (e: AwsError, status = 400) => reply(status, { __type: e.type, message: e.message }, e.type);
    log.calls.push(target);
    if (req.method !== 'POST' || req.headers['content-type'] !== 'application/x-amz-json-1.1')
      return fail(new AwsError('SerializationException', 'expected POST application/x-amz-json-1.1'));
    const service = target.startsWith(ECS) ? 'ecs' : target.startsWith(LOGS) ? 'logs' : undefined;
    const handler = handlers[target];
    if (!service || !handler)
      return fail(new AwsError('UnknownOperationException', `unknown target ${target}`));
    const auth = verifySigV4({ req, body, region: opts.region, service, credentials });
    if (auth !== undefined) return fail(new AwsError(auth.type, auth.message), 403);
    const operation = target.slice(target.indexOf('.') + 1);
    const failing = failures.get(operation) ?? 0;
    if (failing > 0) {
      failures.set(operation, failing - 1);
      return fail(new AwsError('ServerException', 'injected failure'), 500);
    }
    try {
      reply(200, handler(JSON.parse(body || '{}') as Record<string, unknown>));
    } catch (err) {
      if (err instanceof AwsError) return fail(err);
      throw err;
    }
  });

  const closeServer = server.close;
  return Object.assign(server, {
    credentials,
    ...log,
    failNext: (operation: string, count: number) => failures.set(operation, count),
    failNextStart: (reason: string) => {
      startFailure = reason;
    },
    running: () => [...tasks.values()].filter((t) => t.child !== undefined).map((t) => t.arn),
    async close() {
      for (const t of tasks.values()) if (t.child) signalGroup(t.child, 'SIGKILL');
      await closeServer();
    },
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
