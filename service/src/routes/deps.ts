import type { Config } from '../config';
import type { Lifecycle } from '../lifecycle';
import type { Logger } from '../logger';
import type { IdempotencyStore } from '../store/idempotency-store';
import type { LinkStore } from '../store/link-store';

/** Everything the routes need from outside; tests pass real stores pointed at dynalite. */
export interface AppDeps {
  readonly config: Pick<Config, 'publicBaseUrl' | 'ownHostnames' | 'redirectStatus' | 'redirectMaxAgeSeconds'>;
  readonly links: LinkStore;
  readonly idempotency: IdempotencyStore;
  /** Resolves when the store answers; rejects otherwise. */
  readonly readiness: () => Promise<void>;
  /** How long a store call has outlived its deadline (LinksTable.wedgedForMs); above 0 liveness fails. */
  readonly wedgedForMs: () => number;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly now?: () => number;
}

export type RouteDeps = Required<AppDeps>;
