/**
 * An environment's expected month of traffic: declared in config, recorded by the platform stack in its Terraform
 * JSON (`//.environment.traffic`) and priced by `npm run cost`. No imports: config and tooling both load it.
 */
export interface TrafficProfile {
  /** Viewer requests reaching CloudFront in a month. */
  readonly requestsPerMonth: number;
  /** Share of those CloudFront answers from its cache, 0 to 1; the rest reach the origin. */
  readonly cacheHitRate: number;
  /** Average response size in bytes, headers included. */
  readonly averageResponseBytes: number;
}

/** What is wrong with a traffic profile, one reason per field (empty when it is valid). */
export function trafficProfileProblems(traffic: TrafficProfile): { field: keyof TrafficProfile; reason: string }[] {
  const problems: { field: keyof TrafficProfile; reason: string }[] = [];
  const { requestsPerMonth, cacheHitRate, averageResponseBytes } = traffic;
  if (typeof requestsPerMonth !== 'number' || !Number.isFinite(requestsPerMonth) || requestsPerMonth < 0) {
    problems.push({ field: 'requestsPerMonth', reason: `must be a number ≥ 0, got ${requestsPerMonth}` });
  }
  if (typeof cacheHitRate !== 'number' || !(cacheHitRate >= 0 && cacheHitRate <= 1)) {
    problems.push({ field: 'cacheHitRate', reason: `must be between 0 and 1, got ${cacheHitRate}` });
  }
  if (typeof averageResponseBytes !== 'number' || !Number.isFinite(averageResponseBytes) || averageResponseBytes <= 0) {
    problems.push({ field: 'averageResponseBytes', reason: `must be a number > 0, got ${averageResponseBytes}` });
  }
  return problems;
}
