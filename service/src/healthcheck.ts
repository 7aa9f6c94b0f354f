/**
 * Container health check without curl (the slim image has none): `node service/dist/healthcheck.js` exits 0
 * when the service on this container's PORT answers HEALTH_PATH with 200, else 1.
 */
import { ENV, HEALTH_PATH, SERVICE_PORT } from './contract';

const port = process.env[ENV.port] ?? String(SERVICE_PORT);

fetch(`http://127.0.0.1:${port}${HEALTH_PATH}`, { signal: AbortSignal.timeout(2_000) }).then(
  (response) => process.exit(response.status === 200 ? 0 : 1),
  () => process.exit(1),
);
