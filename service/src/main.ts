/** Container entry point: `node service/dist/main.js`. */
import { runService } from './run';

runService(process.env).catch((error: unknown) => {
  process.stderr.write(`shortlinks: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
