/** Set by the server when shutdown begins; read by the app (readiness, connection handling). */
export interface Lifecycle {
  draining: boolean;
}
