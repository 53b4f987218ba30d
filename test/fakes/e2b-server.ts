import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile as readFileBytes, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * E2B as the `e2b` SDK speaks to it, on 127.0.0.1:
 * - the control-plane REST API (`apiUrl`): POST /v2/sandboxes (X-API-KEY) → 201 Sandbox
 *   {sandboxID, templateID, clientID, envdVersion, envdAccessToken, domain}; DELETE /sandboxes/{id} → 204;
 *   errors as {code, message}.
 * - envd, the agent inside each sandbox (`sandboxUrl`; the sandbox is picked by the E2b-Sandbox-Id
 *   header, as E2B's sandbox proxy does): POST /files?path=&username= (multipart, X-Access-Token) →
 *   [EntryInfo]; GET /files?path=&username= → the file's bytes (404 {code, message} when missing); the Connect RPCs process.Process/Start (server stream, application/connect+json
 *   envelopes: start → data(stdout|stderr base64) … → end{exitCode} → end-of-stream),
 *   process.Process/Connect (the same stream for a running process, from now on) and
 *   process.Process/SendSignal (unary JSON).
 * A sandbox is a private temporary directory used as HOME; relative file paths resolve against it, as
 * they resolve against the user's home in a real sandbox. Commands really run (bash on this machine).
 */
export interface FakeE2b {
  apiUrl: string;
  sandboxUrl: string;
  apiKey: string;
  created: {
    sandboxId: string;
    templateID: string;
    timeout: number | undefined;
    metadata: Record<string, string> | undefined;
  }[];
  killed: string[];
  signals: { sandboxId: string; pid: number; signal: string }[];
  files: { sandboxId: string; path: string; content: string }[];
  reads: { sandboxId: string; path: string }[];
  starts: { sandboxId: string; cmd: string; args: string[]; envs: Record<string, string> }[];
  connects: { sandboxId: string; pid: number }[];
  /** cuts every open process stream, as a dropped connection would; the processes keep running */
  dropStreams(): void;
  /** sandboxes created and not yet killed */
  live(): string[];
  close(): Promise<void>;
}

interface FakeSandbox {
  id: string;
  root: string;
  token: string;
  processes: Map<number, FakeProcess>;
}

interface FakeProcess {
  child: ChildProcess;
  /** open Start/Connect streams; each gets every event from when it subscribed */
  streams: Set<ServerResponse>;
}

const ENVD_VERSION = '0.5.7';

export async function startFakeE2b(opts: { apiKey: string; templates?: string[] }): Promise<FakeE2b> {
  const templates = new Set(opts.templates ?? ['base']);
  const sandboxes = new Map<string, FakeSandbox>();
  const allStreams = new Set<ServerResponse>();
  const state: Omit<FakeE2b, 'apiUrl' | 'sandboxUrl' | 'live' | 'close' | 'dropStreams'> = {
    apiKey: opts.apiKey,
    created: [],
    killed: [],
    signals: [],
    files: [],
    reads: [],
    starts: [],
    connects: [],
  };

  const killSandbox = async (sb: FakeSandbox) => {
    for (const proc of sb.processes.values()) killGroup(proc.child);
    sandboxes.delete(sb.id);
    await rm(sb.root, { recursive: true, force: true });
  };

  const api = await listen(async (req, res, body) => {
    if (req.headers['x-api-key'] !== opts.apiKey)
      return json(res, 401, { code: 401, message: 'Invalid API key, it must start with "e2b_"' });
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/v2/sandboxes') {
      const input = JSON.parse(body.toString('utf8')) as {
        templateID?: string;
        timeout?: number;
        metadata?: Record<string, string>;
      };
      if (!input.templateID || !templates.has(input.templateID))
        return json(res, 404, { code: 404, message: `template '${input.templateID}' not found` });
      const id = `i${randomBytes(10).toString('hex')}`;
      const sb: FakeSandbox = {
        id,
        root: await mkdtemp(path.join(tmpdir(), 'fake-e2b-')),
        token: randomBytes(16).toString('hex'),
        processes: new Map(),
      };
      sandboxes.set(id, sb);
      state.created.push({
        sandboxId: id,
        templateID: input.templateID,
        timeout: input.timeout,
        metadata: input.metadata,
      });
      return json(res, 201, {
        sandboxID: id,
        templateID: input.templateID,
        clientID: 'fake',
        envdVersion: ENVD_VERSION,
        envdAccessToken: sb.token,
        domain: null,
      });
    }
    const m = /^\/sandboxes\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && m) {
      const sb = sandboxes.get(decodeURIComponent(m[1]!));
      if (!sb) return json(res, 404, { code: 404, message: 'sandbox not found' });
      state.killed.push(sb.id);
      await killSandbox(sb);
      res.writeHead(204).end();
      return;
    }
    json(res, 404, { code: 404, message: 'not found' });
  });

  const envd = await listen(async (req, res, body) => {
    const sb = sandboxes.get(String(req.headers['e2b-sandbox-id'] ?? ''));
    // E2B's proxy answers 502 for a sandbox that is gone; the SDK maps that to "sandbox not found"
    if (!sb) return json(res, 502, { code: 502, message: 'sandbox not found' });
    if (req.headers['x-access-token'] !== sb.token)
      return json(res, 401, { code: 401, message: 'invalid access token' });
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/health') return void res.writeHead(204).end();
    if (req.method === 'POST' && url.pathname === '/files') return writeFiles(sb, url, req, body, res);
    if (req.method === 'GET' && url.pathname === '/files') return readFile(sb, url, res);
    if (req.method === 'POST' && url.pathname === '/process.Process/Start')
      return startProcess(sb, req, body, res);
    if (req.method === 'POST' && url.pathname === '/process.Process/Connect')
      return connectProcess(sb, req, body, res);
    if (req.method === 'POST' && url.pathname === '/process.Process/SendSignal') {
      const input = JSON.parse(body.toString('utf8')) as { process?: { pid?: number }; signal?: string };
      const pid = input.process?.pid ?? -1;
      const proc = sb.processes.get(pid);
      state.signals.push({ sandboxId: sb.id, pid, signal: String(input.signal) });
      if (!proc) return json(res, 404, { code: 'not_found', message: `process ${pid} not found` });
      killGroup(proc.child, input.signal === 'SIGNAL_SIGTERM' ? 'SIGTERM' : 'SIGKILL');
      return json(res, 200, {});
    }
    json(res, 404, { code: 'not_found', message: `no route ${url.pathname}` });
  });

  async function writeFiles(
    sb: FakeSandbox,
    url: URL,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const form = await new Request('http://x/files', {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type']) },
      body,
    }).formData();
    const out: { name: string; type: 'file'; path: string }[] = [];
    for (const [field, value] of form.entries()) {
      if (field !== 'file' || typeof value === 'string') continue;
      const target = url.searchParams.get('path') ?? value.name;
      const abs = path.resolve(sb.root, target);
      await mkdir(path.dirname(abs), { recursive: true });
      const content = Buffer.from(await value.arrayBuffer());
      await writeFile(abs, content);
      state.files.push({ sandboxId: sb.id, path: target, content: content.toString('utf8') });
      out.push({ name: path.basename(abs), type: 'file', path: abs });
    }
    json(res, 200, out);
  }

  /** GET /files?path=&username=: the file's bytes; 404 {code, message} when there is none */
  async function readFile(sb: FakeSandbox, url: URL, res: ServerResponse): Promise<void> {
    const target = url.searchParams.get('path') ?? '';
    state.reads.push({ sandboxId: sb.id, path: target });
    let content: Buffer;
    try {
      content = await readFileBytes(path.resolve(sb.root, target));
    } catch {
      return json(res, 404, { code: 404, message: `path '${target}' does not exist` });
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length });
    res.end(content);
  }

  function startProcess(sb: FakeSandbox, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    if (req.headers['content-type'] !== 'application/connect+json')
      return json(res, 415, { code: 'invalid_argument', message: 'expected application/connect+json' });
    const input = JSON.parse(readEnvelope(body)) as {
      process: { cmd: string; args?: string[]; envs?: Record<string, string>; cwd?: string };
    };
    const { cmd, args = [], envs = {}, cwd } = input.process;
    state.starts.push({ sandboxId: sb.id, cmd, args, envs });
    const child = spawn(cmd, args, {
      cwd: cwd ? path.resolve(sb.root, cwd) : sb.root,
      // a sandbox is its own machine: only a base environment plus what the request sets
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: sb.root, USER: 'user', LANG: 'C.UTF-8', ...envs },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid ?? 0;
    const proc: FakeProcess = { child, streams: new Set() };
    sb.processes.set(pid, proc);
    const broadcast = (event: unknown) => {
      for (const stream of proc.streams) stream.write(envelope(0, JSON.stringify({ event })));
    };
    child.stdout?.on('data', (c: Buffer) => broadcast({ data: { stdout: c.toString('base64') } }));
    child.stderr?.on('data', (c: Buffer) => broadcast({ data: { stderr: c.toString('base64') } }));
    child.on('close', (code, signal) => {
      sb.processes.delete(pid);
      const exitCode = code ?? -1;
      broadcast({
        end: {
          exitCode,
          exited: code !== null,
          status: signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${exitCode}`,
        },
      });
      for (const stream of proc.streams) stream.end(envelope(2, '{}'));
    });
    subscribe(proc, pid, req, res);
  }

  /** process.Process/Connect: a new stream of an already running process (output from now on) */
  function connectProcess(sb: FakeSandbox, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const input = JSON.parse(readEnvelope(body)) as { process?: { pid?: number } };
    const pid = input.process?.pid ?? -1;
    const proc = sb.processes.get(pid);
    state.connects.push({ sandboxId: sb.id, pid });
    res.writeHead(200, { 'content-type': 'application/connect+json' });
    if (!proc)
      return void res.end(
        envelope(
          2,
          JSON.stringify({ error: { code: 'not_found', message: `process with pid ${pid} not found` } }),
        ),
      );
    subscribe(proc, pid, req, res);
  }

  function subscribe(proc: FakeProcess, pid: number, req: IncomingMessage, res: ServerResponse): void {
    if (!res.headersSent) res.writeHead(200, { 'content-type': 'application/connect+json' });
    proc.streams.add(res);
    allStreams.add(res);
    const pingSeconds = Number(req.headers['keepalive-ping-interval'] ?? 0);
    const ping =
      pingSeconds > 0
        ? setInterval(
            () => res.write(envelope(0, JSON.stringify({ event: { keepalive: {} } }))),
            pingSeconds * 1000,
          )
        : undefined;
    // a client that goes away stops its stream but, as in envd, not the process
    res.on('close', () => {
      proc.streams.delete(res);
      allStreams.delete(res);
      clearInterval(ping);
    });
    res.write(envelope(0, JSON.stringify({ event: { start: { pid } } })));
  }

  return {
    ...state,
    apiUrl: api.url,
    sandboxUrl: envd.url,
    live: () => [...sandboxes.keys()],
    dropStreams: () => {
      for (const stream of allStreams) stream.destroy();
    },
    async close() {
      for (const sb of [...sandboxes.values()]) await killSandbox(sb);
      await Promise.all([api.close(), envd.close()]);
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Connect streaming framing: 1 flag byte (0x02 = end of stream), 4-byte big-endian length, payload. */
function envelope(flags: number, payload: string): Buffer {
  const data = Buffer.from(payload, 'utf8');
  const head = Buffer.alloc(5);
  head.writeUInt8(flags, 0);
  head.writeUInt32BE(data.length, 1);
  return Buffer.concat([head, data]);
}

function readEnvelope(body: Buffer): string {
  if (body.length < 5) throw new Error('request is not a Connect envelope');
  const length = body.readUInt32BE(1);
  return body.subarray(5, 5 + length).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Promise.resolve(handler(req, res, Buffer.concat(chunks))).catch((err: unknown) => {
        if (!res.headersSent) json(res, 500, { code: 500, message: String(err) });
        else res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
