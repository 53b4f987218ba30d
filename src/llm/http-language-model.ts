import { z } from 'zod';
import type { Config } from '../config/config.js';
import { AppError } from '../domain/errors.js';
import { postJsonWithRetry } from '../domain/clustering/embedders/http-retry.js';
import { scrubSecrets } from '../lib/scrub.js';
import type { LanguageModel } from './language-model.js';

const openaiChat = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});
const anthropicMessage = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
});

function parseJsonAnswer(text: string): unknown {
  // models sometimes wrap JSON in a fenced block
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  const start = fenced.indexOf('{');
  const end = fenced.lastIndexOf('}');
  if (start < 0 || end < start) throw new AppError('upstream_failed', 'the model did not answer with JSON');
  try {
    return JSON.parse(fenced.slice(start, end + 1));
  } catch {
    throw new AppError('upstream_failed', 'the model answered with malformed JSON');
  }
}

/**
 * Chat models over their documented HTTP APIs: OpenAI's POST /chat/completions (JSON mode; also Ollama and
 * compatible servers) and Anthropic's POST /messages. Prompts are scrubbed of secrets and e-mails first.
 */
export class HttpLanguageModel implements LanguageModel {
  readonly name: string;

  constructor(
    private readonly c: Config['llm'],
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly sleep?: (ms: number) => Promise<void>,
  ) {
    this.name = `${c.provider}:${c.model}`;
  }

  async generateObject<S extends z.ZodType>(opts: {
    system: string;
    prompt: string;
    schema: S;
    schemaHint: string;
  }): Promise<z.output<S>> {
    const system = `${opts.system}\nAnswer with one JSON object only, of this shape: ${opts.schemaHint}`;
    const prompt = scrubSecrets(opts.prompt);
    const retry = { service: this.c.provider, ...(this.sleep ? { sleep: this.sleep } : {}) };
    let text: string;
    if (this.c.provider === 'anthropic') {
      const body = await postJsonWithRetry(
        this.fetchImpl,
        `${this.c.baseUrl}/messages`,
        {
          headers: { 'x-api-key': this.c.apiKey ?? '', 'anthropic-version': '2023-06-01' },
          body: {
            model: this.c.model,
            max_tokens: 1024,
            system,
            messages: [{ role: 'user', content: prompt }],
          },
        },
        retry,
      );
      const parsed = anthropicMessage.safeParse(body);
      if (!parsed.success) throw new AppError('upstream_failed', 'anthropic returned an unexpected message');
      text = parsed.data.content.map((p) => p.text ?? '').join('');
    } else {
      const body = await postJsonWithRetry(
        this.fetchImpl,
        `${this.c.baseUrl}/chat/completions`,
        {
          headers: this.c.apiKey ? { authorization: `Bearer ${this.c.apiKey}` } : {},
          body: {
            model: this.c.model,
            response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: system },
              { role: 'user', content: prompt },
            ],
          },
        },
        retry,
      );
      const parsed = openaiChat.safeParse(body);
      if (!parsed.success)
        throw new AppError('upstream_failed', `${this.c.provider} returned an unexpected chat completion`);
      text = parsed.data.choices[0]!.message.content ?? '';
    }
    const result = opts.schema.safeParse(parseJsonAnswer(text));
    if (!result.success)
      throw new AppError(
        'upstream_failed',
        `the model's JSON did not match: ${result.error.issues[0]?.message}`,
      );
    return result.data;
  }
}

export function createLanguageModel(
  c: Config['llm'],
  fetchImpl: typeof fetch = fetch,
): LanguageModel | undefined {
  return c.provider === 'none' ? undefined : new HttpLanguageModel(c, fetchImpl);
}
