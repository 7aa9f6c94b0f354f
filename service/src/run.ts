import { ConfigError, loadConfig, type Env } from './config';
import { startService } from './service';

/**
 * The process around the service: bad config exits 1 with every problem listed; SIGTERM (ECS stopping the
 * task) and SIGINT (Ctrl-C) drain and exit 0, or 1 if the drain had to cut connections.
 */
export async function runService(env: Env): Promise<void> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`shortlinks: ${error.message}\n`);
    process.exit(1);
  }
  const service = await startService(config);
  const stop = async (signal: NodeJS.Signals) => {
    service.logger.info('shutting down', { signal, shutdownTimeoutMs: config.shutdownTimeoutMs });
    const { forced } = await service.shutdown();
    service.logger.info('stopped', { forced });
    process.exit(forced ? 1 : 0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
