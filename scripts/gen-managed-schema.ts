/**
 * `npm run schema`: writes public/managed_schema.json from the settings table
 * (src/shared/settings-spec.ts). The build writes the same text into each dist/<browser>/ (the
 * `managedSchemaFile` plugin in vite.config.ts); the copy in public/ is kept for readers, the
 * policy checker and the ADMX generator, and test/unit/managed-schema.test.ts fails when it is not
 * the generated one.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { managedSchemaText } from '../src/shared/settings-schema.ts';

export const MANAGED_SCHEMA_PATH = resolve(import.meta.dirname, '../public/managed_schema.json');

writeFileSync(MANAGED_SCHEMA_PATH, managedSchemaText());
console.log(`wrote ${MANAGED_SCHEMA_PATH}`);
