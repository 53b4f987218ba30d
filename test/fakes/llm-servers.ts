import { sendJson, startFakeServer, type FakeServer } from './http-server.js';

export interface FakeLlm extends FakeServer {
  bodies: Record<string, unknown>[];
  /** the next answers' text content, in order; then a default JSON answer */
  answers: string[];
}

const defaultAnswer = JSON.stringify({
  title: 'Checkout button unresponsive on Safari',
  summary: 'Users on Safari report that pressing the checkout button does nothing.',
});

/** OpenAI's POST /v1/chat/completions (Bearer) → {id, object:'chat.completion', choices:[{index, message:{role, content}, finish_reason}], usage}. */
export async function startFakeOpenAIChat(apiKey: string): Promise<FakeLlm> {
  const bodies: Record<string, unknown>[] = [];
  const answers: string[] = [];
  const server = await startFakeServer((req, res, raw) => {
    if (req.url !== '/v1/chat/completions') return sendJson(res, 404, { error: { message: 'not found' } });
    if (req.headers.authorization !== `Bearer ${apiKey}`)
      return sendJson(res, 401, {
        error: { message: 'Incorrect API key provided', code: 'invalid_api_key' },
      });
    bodies.push(JSON.parse(raw) as Record<string, unknown>);
    const content = answers.shift() ?? defaultAnswer;
    sendJson(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 0,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  });
  return Object.assign(server, { bodies, answers });
}

/** Anthropic's POST /v1/messages (x-api-key, anthropic-version) → {id, type:'message', role, content:[{type:'text', text}], stop_reason}. */
export async function startFakeAnthropic(apiKey: string): Promise<FakeLlm> {
  const bodies: Record<string, unknown>[] = [];
  const answers: string[] = [];
  const server = await startFakeServer((req, res, raw) => {
    if (req.url !== '/v1/messages')
      return sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'not found' } });
    if (req.headers['x-api-key'] !== apiKey || !req.headers['anthropic-version']) {
      return sendJson(res, 401, {
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
      });
    }
    bodies.push(JSON.parse(raw) as Record<string, unknown>);
    const text = answers.shift() ?? '```json\n' + defaultAnswer + '\n```';
    sendJson(res, 200, {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude',
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 1, output_tokens: 1 },
    });
  });
  return Object.assign(server, { bodies, answers });
}

/**
 * Gemini's POST /v1beta/models/{model}:generateContent (x-goog-api-key) →
 * {candidates:[{content:{role:'model', parts:[{text}]}, finishReason:'STOP', index}], usageMetadata, modelVersion}.
 */
export async function startFakeGemini(apiKey: string): Promise<FakeLlm> {
  const bodies: Record<string, unknown>[] = [];
  const answers: string[] = [];
  const server = await startFakeServer((req, res, raw) => {
    const m = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(req.url ?? '');
    if (!m) return sendJson(res, 404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
    if (req.headers['x-goog-api-key'] !== apiKey) {
      return sendJson(res, 400, {
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
        },
      });
    }
    bodies.push(JSON.parse(raw) as Record<string, unknown>);
    sendJson(res, 200, {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: answers.shift() ?? defaultAnswer }] },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
      modelVersion: m[1],
    });
  });
  return Object.assign(server, { bodies, answers });
}
