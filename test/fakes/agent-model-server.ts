import type { ServerResponse } from 'node:http';
import { sendJson, startFakeServer, type FakeServer } from './http-server.js';

/** One scripted turn of the model: call a tool (arguments built from the agent's working directory) or answer. */
export type ScriptedStep =
  { tool: string; args: (workdir: string) => Record<string, unknown> } | { text: string };

export interface FakeAgentModel extends FakeServer {
  /** parsed bodies of every model request, by API */
  chat: Record<string, unknown>[];
  responses: Record<string, unknown>[];
  messages: Record<string, unknown>[];
}

type ChatMessage = { role: string; content?: unknown };

/** The working directory the agent states in its prompt (Kilo and OpenCode: "Working directory: /path"). */
const workdirOf = (messages: ChatMessage[]): string => {
  const m = /Working directory: ([^\s"\\]+)/.exec(JSON.stringify(messages));
  return m?.[1] ?? '.';
};

function streamChat(res: ServerResponse, step: ScriptedStep, workdir: string, n: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id: `chatcmpl-${n}`, object: 'chat.completion.chunk', created: 0, model: 'fake-coder' };
  const send = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
  if ('tool' in step) {
    send({
      ...base,
      choices: [
        {
          index: 0,
          delta: {
            role: 'assistant',
            tool_calls: [
              {
                index: 0,
                id: `call_${n}`,
                type: 'function',
                function: { name: step.tool, arguments: JSON.stringify(step.args(workdir)) },
              },
            ],
          },
          finish_reason: null,
        },
      ],
    });
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] });
  } else {
    send({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: step.text }, finish_reason: null }],
    });
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  }
  send({ ...base, choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
  res.end('data: [DONE]\n\n');
}

/**
 * The model side of a coding agent, offline. OpenAI's streaming `POST /v1/chat/completions` (SSE
 * `chat.completion.chunk`s, tool calls as `delta.tool_calls`, then `data: [DONE]`) plays a script: the
 * n-th request of an agent loop (n = tool results so far) gets the n-th step, so a real CLI reads and
 * edits real files through its own tools. Requests without tools (session titles) get a short text.
 * OpenAI's `POST /v1/responses` and Anthropic's `POST /v1/messages` are recorded and refused with each
 * vendor's documented 400 error body: enough to prove a CLI parsed its command line and sent the task.
 */
export async function startFakeAgentModel(
  opts: { apiKey: string; script?: ScriptedStep[] } = { apiKey: 'sk-fake' },
): Promise<FakeAgentModel> {
  const chat: Record<string, unknown>[] = [];
  const responses: Record<string, unknown>[] = [];
  const messages: Record<string, unknown>[] = [];
  const script = opts.script ?? [];
  const server = await startFakeServer((req, res, raw) => {
    const url = (req.url ?? '').split('?')[0];
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    if (req.method === 'POST' && url === '/v1/chat/completions') {
      if (req.headers.authorization !== `Bearer ${opts.apiKey}`)
        return sendJson(res, 401, {
          error: { message: 'Incorrect API key provided', code: 'invalid_api_key' },
        });
      chat.push(body);
      const msgs = (body.messages ?? []) as ChatMessage[];
      const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
      const step: ScriptedStep = hasTools
        ? (script[msgs.filter((m) => m.role === 'tool').length] ?? { text: 'Nothing more to do.' })
        : { text: 'Fix the reported bug' };
      if (body.stream === true) return streamChat(res, step, workdirOf(msgs), chat.length);
      return sendJson(res, 400, {
        error: { message: 'this fake only streams', type: 'invalid_request_error' },
      });
    }
    if (req.method === 'POST' && url === '/v1/responses') {
      responses.push(body);
      return sendJson(res, 400, {
        error: {
          message: 'offline fake: no model here',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      });
    }
    if (req.method === 'POST' && url === '/v1/messages') {
      messages.push(body);
      return sendJson(res, 400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'offline fake: no model here' },
      });
    }
    sendJson(res, 404, { error: { message: `no route ${req.method} ${url}` } });
  });
  return Object.assign(server, { chat, responses, messages });
}
