import { writeFile } from 'node:fs/promises';
import { buildOpenapiDocument, serializeDocument } from './openapi-document';

/**
 * `pnpm --filter @ticres/gateway run openapi` (after a build): writes the OpenAPI document to the
 * file named on the command line. The script passes packages/client/openapi.json, the document
 * clients generate from; openapi-document.spec.ts fails while that file differs from the app's.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node dist/write-openapi.js <file>');
  await writeFile(file, serializeDocument(await buildOpenapiDocument()));
  process.stdout.write(`wrote ${file}\n`);
}

void main();
