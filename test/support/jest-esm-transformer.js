// NestJS 12, dinero.js and a few of their dependencies ship ES modules only. Node 20 loads them with
// require(esm), but Jest's module registry cannot (before Node 24.9), so tests get them compiled to CommonJS.
'use strict';
const { createTransformer } = require('ts-jest').default;

const inner = createTransformer({
  tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', target: 'ES2022', isolatedModules: true, ignoreDeprecations: '6.0' },
});
const IMPORT_META_URL = /\bimport\.meta\.url\b/g;
const CJS_URL = 'require("node:url").pathToFileURL(__filename).href';
// ESM files that build their own `require`: CommonJS already has one, and a second declaration is a SyntaxError.
const OWN_REQUIRE = /\bconst require = createRequire\(import\.meta\.url\);/g;

module.exports = {
  process(source, path, options) {
    return inner.process(source.replace(OWN_REQUIRE, '').replace(IMPORT_META_URL, CJS_URL), path, options);
  },
  getCacheKey(source, path, options) {
    return `esm-cjs-2:${inner.getCacheKey(source, path, options)}`;
  },
};
