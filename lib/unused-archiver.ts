import Module, { createRequire } from 'node:module';

/**
 * Stands in for `archiver`, which cdktf requires as it loads (about 200 modules: lodash, readable-stream, glob, ...)
 * for one thing: zipping a `TerraformAsset` directory, which this project never does. Loading it was a tenth of a
 * synth, in the app and in every test file that imports cdktf. Anything that does call it fails loudly.
 */
export function refuseArchiving(format: unknown): never {
  throw new Error(
    `archiver(${JSON.stringify(format)}) is not loaded in this project (lib/unused-archiver.ts), which has no ` +
      'TerraformAsset: remove the stand-in before adding one.',
  );
}

/** Where cdktf loads archiver from (its own nested copy, here). */
export function cdktfArchiverPath(): string {
  return createRequire(require.resolve('cdktf')).resolve('archiver');
}

/**
 * Registers `refuseArchiving` in Node's module cache as the archiver cdktf would load, so that loading cdktf skips
 * it. Does nothing once cdktf has loaded it, and under jest, whose `require.cache` is read-only (jest.config.js maps
 * archiver to the stand-in instead).
 */
export function standInForCdktfArchiver(): void {
  const archiverPath = cdktfArchiverPath();
  if (require.cache[archiverPath] !== undefined) return;
  const standIn = new Module(archiverPath);
  standIn.filename = archiverPath;
  standIn.exports = refuseArchiving;
  standIn.loaded = true;
  require.cache[archiverPath] = standIn;
}
