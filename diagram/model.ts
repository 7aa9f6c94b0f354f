import type { Kind } from './catalog';
import type { Flow } from './flows';

/** The diagram of one environment, independent of how it is drawn (Graphviz SVG or Mermaid text). */
export interface DiagramModel {
  readonly environment: string;
  /** The stack's home Region (the Region box). */
  readonly region: string;
  /** Regions of the aliased providers, whose resources sit in the edge box with the global services. */
  readonly edgeRegions: readonly string[];
  readonly vpcCidr: string | undefined;
  readonly availabilityZones: readonly AvailabilityZone[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

export type Tier = 'public' | 'private';

export interface AvailabilityZone {
  readonly name: string;
  readonly subnets: readonly SubnetBox[];
}

export interface SubnetBox {
  readonly tier: Tier;
  readonly cidr: string | undefined;
}

export type Area =
  | { readonly kind: 'outside' }
  | { readonly kind: 'edge' }
  | { readonly kind: 'region' }
  | { readonly kind: 'vpc-edge' }
  | { readonly kind: 'subnet'; readonly az: string; readonly tier: Tier };

export interface DiagramNode {
  /** Stable and readable (`fargate_eu_west_1a`): it is the Mermaid id and the Graphviz node name. */
  readonly id: string;
  readonly kind: Kind;
  readonly title: string;
  /** Short human facts under the title: a domain name, a table name, the task size. */
  readonly details: readonly string[];
  /** Path under node_modules/aws-icons/icons, without `.svg`. */
  readonly icon: string;
  readonly area: Area;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly flow: Flow;
  readonly label: string;
}
