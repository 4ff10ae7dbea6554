/** Writes schema/*.json from the zod schemas: `npm run schema`. */
import { writeFileSync } from 'node:fs';
import { jsonSchemas } from '../src/config/json-schema.js';

for (const file of jsonSchemas()) {
  writeFileSync(new URL(`../schema/${file.fileName}`, import.meta.url), file.text);
  process.stdout.write(`wrote schema/${file.fileName}\n`);
}
