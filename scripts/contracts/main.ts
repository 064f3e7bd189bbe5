import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApi } from './asyncapi';

/** `npm run contracts:doc` (from the repository root): writes libs/contracts/asyncapi.json from the code; test/contracts fails when it is stale. */
const root = process.cwd();
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const document = buildAsyncApi(root, version);
const target = join(root, 'libs/contracts/asyncapi.json');
writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${target}: ${Object.keys(document.channels).length} channels, ${Object.keys(document.components.messages).length} messages`);
