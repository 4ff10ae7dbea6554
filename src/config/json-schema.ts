/**
 * JSON Schemas for editors, generated from the zod schemas (the one source of truth).
 */
import { z } from 'zod';
import { SupportedRuntimes } from '../build/runtimes.js';
import { LogRetentionDays } from '../limits.js';
import { FunctionConfigSchema, LogRetentionSchema, ProjectConfigSchema, RuntimeSchema } from './schema.js';

/** Refinements JSON Schema cannot express, written as enums so editors can complete them. */
const enums = new Map<z.ZodType, readonly (string | number)[]>([
  [RuntimeSchema, Object.keys(SupportedRuntimes)],
  [LogRetentionSchema, LogRetentionDays],
]);

export interface SchemaFile {
  fileName: string;
  text: string;
}

function render(schema: z.ZodType, id: string, title: string): string {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const values = enums.get(ctx.zodSchema as unknown as z.ZodType);
      if (values) {
        for (const k of ['minimum', 'maximum']) delete ctx.jsonSchema[k];
        ctx.jsonSchema.enum = [...values];
      }
    },
  }) as Record<string, unknown>;
  return `${JSON.stringify({ $id: id, title, ...json }, null, 2)}\n`;
}

export function jsonSchemas(): SchemaFile[] {
  return [
    {
      fileName: 'fleetpipe.schema.json',
      text: render(
        ProjectConfigSchema,
        'https://fleetpipe.dev/schema/fleetpipe.schema.json',
        'fleetpipe.yaml',
      ),
    },
    {
      fileName: 'function.schema.json',
      text: render(
        FunctionConfigSchema,
        'https://fleetpipe.dev/schema/function.schema.json',
        'function.yaml',
      ),
    },
  ];
}
