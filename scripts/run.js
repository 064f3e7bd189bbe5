#!/usr/bin/env node
// Runs a compiled entry point from dist/ (after `npm run build`), resolving the @o2c/* aliases of tsconfig.json to dist/.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const root = path.join(__dirname, '..');
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run.js <path under dist/, e.g. apps/o2c/src/main.js> [args...]');
  process.exit(2);
}
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
const paths = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, [target.replace(/^\.\//, '').replace(/\.ts$/, '.js')]]),
);
require('tsconfig-paths').register({ baseUrl: path.join(root, 'dist'), paths, addMatchAll: false });
process.argv.splice(2, 1);
require(path.join(root, 'dist', entry));
