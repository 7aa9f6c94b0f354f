import { defaultRegion, type AnalyzedStack } from './analyzed-stack';
import { KINDS, type Kind } from './catalog';
import { slug } from './groups';
import { groupComponents, type Component, type Components } from './components';
import { describe, literal } from './details';
import { flowRuleFor, type Flow } from './flows';
import type { Area, DiagramEdge, DiagramModel, DiagramNode } from './model';
import type { Reference } from './references';
import { availabilityZones, readSubnets, type PlacedSubnet } from './subnets';
import type { SynthesizedStack } from './synth-output';

const KIND_ORDER = Object.keys(KINDS) as Kind[];

/** The diagram of one platform stack: its components placed in AWS's boxes and the flows between them. */
export function buildModel(stack: AnalyzedStack): DiagramModel {
  const { resources, references } = stack;
  const components = groupComponents(resources, references);
  const subnets = readSubnets(resources);
  if (subnets.size === 0) {
    throw new Error(`Stack "${stack.name}" has no aws_subnet: it is not a platform stack and has no VPC to draw.`);
  }
  const nodesByComponent = placeComponents(components, references, subnets);
  const client: DiagramNode = node('client', 'client', [], { kind: 'outside' });
  const stateBucket = stateBucketNode(stack);
  const edges = [
    ...clientEdges(components, references, client, nodesByComponent),
    ...componentEdges(components, references, nodesByComponent),
  ];
  const nodes = [client, ...[...nodesByComponent.values()].flat(), ...(stateBucket ? [stateBucket] : [])];
  return {
    environment: stack.name,
    region: defaultRegion(stack),
    edgeRegions: [...new Set(resources.filter((r) => r.onAliasedProvider).map((r) => r.region))].sort(),
    vpcCidr: literal(resources.find((r) => r.type === 'aws_vpc')?.attributes.cidr_block),
    availabilityZones: availabilityZones(subnets.values()),
    nodes,
    edges: inReadingOrder(dedupe(edges), nodes),
  };
}

function node(id: string, kind: Kind, details: string[], area: Area): DiagramNode {
  return { id, kind, title: KINDS[kind].title, details, icon: KINDS[kind].icon, area };
}

function placeComponents(
  components: Components,
  references: readonly Reference[],
  subnets: ReadonlyMap<string, PlacedSubnet>,
): Map<Component, DiagramNode[]> {
  const sorted = [...components.all].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.anchors[0].address.localeCompare(b.anchors[0].address),
  );
  const ids = new UniqueIds();
  const placed = new Map<Component, DiagramNode[]>();
  for (const component of sorted) {
    const spec = KINDS[component.kind];
    const details = describe(component);
    const base = ids.base(component, sorted);
    if (spec.placement === 'subnets') {
      const anchor = component.anchors[0];
      const homes = references
        .filter((r) => r.from === anchor && subnets.has(r.to.address))
        .map((r) => subnets.get(r.to.address)!);
      if (homes.length === 0) {
        throw new Error(
          `${anchor.address} (${anchor.constructPath}) references no aws_subnet, so it has no place in the VPC.`,
        );
      }
      const areas = new Map(
        homes.map((s) => [`${s.az} ${s.tier}`, { kind: 'subnet' as const, az: s.az, tier: s.tier }]),
      );
      placed.set(
        component,
        [...areas.values()]
          .sort((a, b) => a.az.localeCompare(b.az))
          .map((area) => node(ids.claim(`${base}_${slug(area.az)}`), component.kind, details, area)),
      );
    } else {
      placed.set(component, [node(ids.claim(base), component.kind, details, areaOf(component))]);
    }
  }
  return placed;
}

function areaOf(component: Component): Area {
  switch (KINDS[component.kind].placement) {
    case 'outside':
      return { kind: 'outside' };
    case 'global':
      return { kind: 'edge' };
    case 'vpc-edge':
      return { kind: 'vpc-edge' };
    default:
      // CloudFront-scoped WAF, its log group and CloudFront's certificate run on the us-east-1 provider: edge pieces.
      return component.anchors[0].onAliasedProvider ? { kind: 'edge' } : { kind: 'region' };
  }
}

/** Ids read like the picture: `alb_eu_west_1a`, `certificate_us_east_1`, `endpoints_interface`, `bucket_edge`. */
class UniqueIds {
  private readonly taken = new Set<string>();

  base(component: Component, all: readonly Component[]): string {
    const kind = slug(component.kind);
    const siblings = all.filter((c) => c.kind === component.kind);
    if (siblings.length === 1) return kind;
    const anchor = component.anchors[0];
    // The group, else the aliased provider's Region, else the module the resource comes from (`prod/edge/...`).
    const qualifier =
      KINDS[component.kind].groupBy?.(anchor) ??
      (anchor.onAliasedProvider ? anchor.region : anchor.constructPath.split('/')[1]);
    return qualifier ? `${kind}_${slug(qualifier)}` : kind;
  }

  claim(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.taken.has(id); n++) id = `${wanted}_${n}`;
    this.taken.add(id);
    return id;
  }
}

interface ComponentEdge {
  readonly from: Component;
  readonly to: Component;
  readonly flow: Flow;
  readonly label: string;
}

function componentEdges(
  components: Components,
  references: readonly Reference[],
  nodes: ReadonlyMap<Component, DiagramNode[]>,
): DiagramEdge[] {
  const found: ComponentEdge[] = [];
  for (const reference of references) {
    const from = components.byAddress.get(reference.from.address);
    const to = components.byAddress.get(reference.to.address);
    const rule = from && to && from !== to ? flowRuleFor(from.kind, to.kind) : undefined;
    if (!from || !to || !rule) continue;
    const via = rule.via
      ? references
          .filter((r) => r.from === reference.from)
          .map((r) => components.byAddress.get(r.to.address))
          .find((c) => c?.kind === rule.via)
      : undefined;
    const [source, target] = rule.reverse ? [to, from] : [via ?? from, to];
    found.push({ from: source, to: target, flow: rule.flow, label: rule.label });
  }
  return found.flatMap((edge) => expand(edge, nodes));
}

/** Component edges become node edges; between two per-AZ components (ALB -> tasks) only within each AZ. */
function expand(edge: ComponentEdge, nodes: ReadonlyMap<Component, DiagramNode[]>): DiagramEdge[] {
  const result: DiagramEdge[] = [];
  for (const from of nodes.get(edge.from)!) {
    for (const to of nodes.get(edge.to)!) {
      const crossesAz = from.area.kind === 'subnet' && to.area.kind === 'subnet' && from.area.az !== to.area.az;
      if (!crossesAz) result.push({ from: from.id, to: to.id, flow: edge.flow, label: edge.label });
    }
  }
  return result;
}

/** Clients enter where DNS sends them to CloudFront: the Route 53 zones holding records that alias a distribution. */
function clientEdges(
  components: Components,
  references: readonly Reference[],
  client: DiagramNode,
  nodes: ReadonlyMap<Component, DiagramNode[]>,
): DiagramEdge[] {
  const entries = new Set<Component>();
  for (const reference of references) {
    const from = components.byAddress.get(reference.from.address);
    if (from?.kind === 'dns' && components.byAddress.get(reference.to.address)?.kind === 'cdn') entries.add(from);
  }
  return [...entries].flatMap((entry) =>
    nodes.get(entry)!.map((n) => ({ from: client.id, to: n.id, flow: 'request' as const, label: 'DNS query' })),
  );
}

/** The S3 bucket named by the stack's backend: where `terraform apply` keeps this environment's state. */
function stateBucketNode(stack: SynthesizedStack): DiagramNode | undefined {
  const backend = stack.json.terraform?.backend?.s3;
  return backend ? node('state_bucket', 'stateBucket', ['Terraform state'], { kind: 'region' }) : undefined;
}

/** The request path first, then the supporting flows, each in node order: the order a reader follows them. */
function inReadingOrder(edges: readonly DiagramEdge[], nodes: readonly DiagramNode[]): DiagramEdge[] {
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  const flowOrder: Record<Flow, number> = { request: 0, support: 1 };
  return [...edges].sort(
    (a, b) =>
      flowOrder[a.flow] - flowOrder[b.flow] ||
      position.get(a.from)! - position.get(b.from)! ||
      position.get(a.to)! - position.get(b.to)!,
  );
}

function dedupe(edges: readonly DiagramEdge[]): DiagramEdge[] {
  const seen = new Set<string>();
  return edges.filter((edge) => {
    const key = `${edge.from} ${edge.to} ${edge.flow}`;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}
