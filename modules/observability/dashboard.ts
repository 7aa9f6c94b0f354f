import type { AlarmKey } from '../../lib/alarms/settings';
import {
  type AlarmDefinition,
  type AlarmSignal,
  albMetric,
  apiMetric,
  cloudFrontMetric,
  type EdgeTargets,
  type MetricRef,
  type RegionalTargets,
  tableMetric,
} from '../../lib/alarms/definitions';

/** One graph: the metrics it draws, the Region they live in, and a threshold line when an alarm watches them. */
export interface Graph {
  /** Shown above the graph. */
  readonly title: string;
  /** The Region of the graphed metrics (the dashboard itself lives in the home Region). */
  readonly region: string;
  /** An alarm's signal, or plain metrics drawn side by side (traffic, capacity). */
  readonly signal: AlarmSignal | { readonly metrics: readonly MetricRef[] };
  /**
   * The alarm watching this signal, drawn as a horizontal line at its threshold, labelled with its name.
   * @default none: traffic and capacity graphs have no threshold
   */
  readonly alarm?: { readonly name: string; readonly threshold: number };
}

/** A row of the dashboard: one tier's golden signals (traffic, errors, latency, saturation). */
export interface DashboardRow {
  /** The tier, shown as a heading above its graphs. */
  readonly title: string;
  /** Left to right, three to a line. */
  readonly graphs: readonly Graph[];
}

type Widget = Record<string, unknown>;

const WIDTH = 24;
const GRAPH_WIDTH = 8;
const GRAPH_HEIGHT = 6;

/** A graph of an alarm's signal, titled with its key and unit, with the alarm's threshold. */
export function alarmGraph(definition: AlarmDefinition, region: string, alarm: Graph['alarm']): Graph {
  return { title: `${definition.key} (${definition.unit})`, region, signal: definition.signal, alarm };
}

/** What the platform dashboard draws from: each alarm's graph, the watched resources and their Regions. */
export interface PlatformDashboardInput {
  /** The graph of every alarm, by key (with its threshold line). */
  readonly alarmGraphs: ReadonlyMap<AlarmKey, Graph>;
  /** The regional resources, for the traffic graphs no alarm covers. */
  readonly regional: RegionalTargets;
  /** The edge resources, for CloudFront's request graph. */
  readonly edge: EdgeTargets;
  /** Region of the load balancer, tasks, table and API metrics. */
  readonly homeRegion: string;
  /** Region of the CloudFront and WAF metrics (us-east-1). */
  readonly edgeRegion: string;
}

/**
 * The golden signals of every tier, a row each, in the order a request meets them: traffic first, then each
 * alarm's signal with its threshold.
 */
export function platformDashboardRows(input: PlatformDashboardInput): DashboardRow[] {
  const { regional, homeRegion, edgeRegion } = input;
  const alarms = (...keys: AlarmKey[]) =>
    keys.map((key) => input.alarmGraphs.get(key)).filter((graph) => graph !== undefined);
  const traffic = (title: string, region: string, metrics: MetricRef[]): Graph => ({
    title,
    region,
    signal: { metrics },
  });
  return [
    {
      title: `Edge: CloudFront and WAF (${edgeRegion})`,
      graphs: [
        traffic('Viewer requests', edgeRegion, [cloudFrontMetric('Requests', input.edge, 'Sum')]),
        ...alarms('cloudfront-5xx-rate', 'waf-blocked-surge'),
      ],
    },
    {
      title: 'API Gateway',
      graphs: [
        traffic('API requests', homeRegion, [apiMetric('Count', regional)]),
        traffic('API p99 latency (ms)', homeRegion, [apiMetric('Latency', regional, 'p99')]),
        ...alarms('api-5xx-rate', 'api-4xx-surge'),
      ],
    },
    {
      title: 'Load balancer',
      graphs: [
        traffic('Requests to the tasks', homeRegion, [albMetric('RequestCount', regional, 'Sum')]),
        ...alarms('alb-target-5xx-rate', 'alb-target-p99-latency', 'alb-unhealthy-hosts'),
      ],
    },
    { title: 'Tasks', graphs: alarms('ecs-running-tasks', 'ecs-cpu-high', 'ecs-memory-high') },
    {
      title: 'Table',
      graphs: [
        traffic('Consumed capacity units', homeRegion, [
          tableMetric('ConsumedReadCapacityUnits', regional),
          tableMetric('ConsumedWriteCapacityUnits', regional),
        ]),
        ...alarms('dynamodb-throttles', 'dynamodb-system-errors'),
      ],
    },
  ];
}

/** A CloudWatch dashboard metric array: namespace, name, dimension pairs, then options. */
function metricLine(metric: MetricRef, options: Record<string, unknown>): unknown[] {
  return [
    metric.namespace,
    metric.metricName,
    ...Object.entries(metric.dimensions).flat(),
    { stat: metric.stat, ...options },
  ];
}

function signalLines(signal: Graph['signal']): unknown[][] {
  if ('metrics' in signal) return signal.metrics.map((metric) => metricLine(metric, {}));
  if ('metric' in signal) return [metricLine(signal.metric, {})];
  return [
    [{ expression: signal.expression, label: signal.label, id: 'signal' }],
    ...Object.entries(signal.inputs).map(([id, metric]) => metricLine(metric, { id, visible: false })),
  ];
}

function graphWidget(graph: Graph, periodSeconds: number): Widget {
  return {
    type: 'metric',
    width: GRAPH_WIDTH,
    height: GRAPH_HEIGHT,
    properties: {
      title: graph.title,
      // Each widget names its Region: a dashboard shows metrics of any Region, the edge ones live in us-east-1.
      region: graph.region,
      view: 'timeSeries',
      period: periodSeconds,
      metrics: signalLines(graph.signal),
      ...(graph.alarm
        ? { annotations: { horizontal: [{ label: graph.alarm.name, value: graph.alarm.threshold }] } }
        : {}),
    },
  };
}

/** The dashboard body: a text header per row, then its graphs three to a line. */
export function dashboardBody(rows: readonly DashboardRow[], periodSeconds = 60): string {
  const widgets: Widget[] = [];
  let y = 0;
  for (const row of rows.filter((r) => r.graphs.length > 0)) {
    widgets.push({ type: 'text', x: 0, y, width: WIDTH, height: 1, properties: { markdown: `## ${row.title}` } });
    y += 1;
    row.graphs.forEach((graph, index) => {
      const x = (index * GRAPH_WIDTH) % WIDTH;
      if (index > 0 && x === 0) y += GRAPH_HEIGHT;
      widgets.push({ ...graphWidget(graph, periodSeconds), x, y });
    });
    y += GRAPH_HEIGHT;
  }
  return JSON.stringify({ start: '-PT6H', periodOverride: 'inherit', widgets });
}
