/**
 * `npm test [-- JEST ARGS]`: the type check, the lint and jest, side by side, and a failure if any of them fails.
 *
 * Run one after the other, the type check and the lint kept one core busy and the other idle for seconds before
 * jest started its workers; side by side, they share the two cores with jest from its first second. Each still
 * prints its own findings; the last lines say which step failed. Plain JavaScript, so no loader starts first.
 */
const { spawn } = require('node:child_process');

const STEPS = [
  { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'jest', command: process.execPath, args: [require.resolve('jest/bin/jest'), ...process.argv.slice(2)] },
];

/** Runs one step with the terminal as its output; resolves to its exit code (a signal counts as failure). */
function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`${step.name}: could not start: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Runs every step at once; resolves to 1 (after naming the failed steps on stderr) if any failed, else 0. */
async function runSteps(steps) {
  const codes = await Promise.all(steps.map(run));
  const failed = steps.filter((_, index) => codes[index] !== 0).map((step) => step.name);
  if (failed.length === 0) return 0;
  console.error(`npm test: failed: ${failed.join(', ')}`);
  return 1;
}

module.exports = { runSteps };

if (require.main === module) {
  runSteps(STEPS).then((code) => {
    process.exitCode = code;
  });
}
