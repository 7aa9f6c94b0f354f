/**
 * Stands in for `archiver` under jest. cdktf loads it (about 200 modules: lodash, readable-stream, glob, ...)
 * for one thing, zipping a `TerraformAsset` directory, which this project never does; loading it into every
 * test file's registry cost more than the tests that need cdktf. Anything that does call it fails loudly.
 */
module.exports = function archiver(format) {
  throw new Error(
    `archiver(${JSON.stringify(format)}) is stubbed under jest (scripts/jest-archiver-stub.js): this project has no TerraformAsset.`,
  );
};
