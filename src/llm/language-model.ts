import type { z } from 'zod';

/** A chat model that answers with JSON matching a zod schema (validated; a mismatch is an error). */
export interface LanguageModel {
  readonly name: string;
  generateObject<S extends z.ZodType>(opts: {
    system: string;
    prompt: string;
    schema: S;
    schemaHint: string;
  }): Promise<z.output<S>>;
}
