import type { Area, DiagramModel, DiagramNode, Tier } from './model';

export type GroupKind = 'cloud' | 'edge' | 'region' | 'vpc' | 'az' | Tier;

/** A box of the diagram (AWS Cloud, Region, VPC, AZ, subnet) with its nodes and the boxes inside it. */
export interface Group {
  readonly id: string;
  readonly kind: GroupKind;
  /** The title, then smaller lines under it (a subnet's CIDR). */
  readonly title: readonly string[];
  readonly nodes: readonly DiagramNode[];
  /** For an empty subnet: a note saying why, so that the box is drawn and the absence is visible. */
  readonly emptyNote?: { readonly id: string; readonly text: string };
  readonly children: readonly Group[];
}

/**
 * The boxes every rendering draws, nested as AWS diagrams nest them: AWS Cloud holds the edge box and the Region,
 * the Region holds the VPC, the VPC one box per AZ, each AZ its public subnet above its private one.
 */
export function groupTree(model: DiagramModel): { readonly outside: readonly DiagramNode[]; readonly cloud: Group } {
  const nodesIn = (predicate: (area: Area) => boolean) => model.nodes.filter((n) => predicate(n.area));
  const group = (
    id: string,
    kind: GroupKind,
    title: readonly string[],
    nodes: DiagramNode[],
    children: Group[] = [],
  ) => ({
    id,
    kind,
    title,
    nodes,
    children,
  });
  const azs = model.availabilityZones.map((az) =>
    group(
      `az_${slug(az.name)}`,
      'az',
      [`Availability Zone ${az.name}`],
      [],
      az.subnets.map((subnet) => {
        const id = `${subnet.tier}_${slug(az.name)}`;
        const nodes = nodesIn((a) => a.kind === 'subnet' && a.az === az.name && a.tier === subnet.tier);
        const title = [
          subnet.tier === 'public' ? 'Public subnet' : 'Private subnet',
          ...(subnet.cidr ? [subnet.cidr] : []),
        ];
        const emptyNote = {
          id: `empty_${id}`,
          text: subnet.tier === 'public' ? 'no NAT gateway' : 'nothing placed here',
        };
        return { ...group(id, subnet.tier, title, nodes), ...(nodes.length === 0 ? { emptyNote } : {}) };
      }),
    ),
  );
  const vpc = group(
    'vpc',
    'vpc',
    [`VPC${model.vpcCidr ? ` ${model.vpcCidr}` : ''}`],
    nodesIn((a) => a.kind === 'vpc-edge'),
    azs,
  );
  const region = group(
    'region',
    'region',
    [`Region ${model.region}`],
    nodesIn((a) => a.kind === 'region'),
    [vpc],
  );
  const edge = group(
    'edge',
    'edge',
    [['Edge: global services', ...model.edgeRegions].join(', ')],
    nodesIn((a) => a.kind === 'edge'),
  );
  return {
    outside: nodesIn((a) => a.kind === 'outside'),
    cloud: group('aws', 'cloud', ['AWS Cloud'], [], [edge, region]),
  };
}

/** `eu-west-1a` -> `eu_west_1a`, `vpcLink` -> `vpc_link`: ids for Graphviz and Mermaid. */
export function slug(text: string): string {
  return text
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}
