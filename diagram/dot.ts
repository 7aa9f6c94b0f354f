import type { Kind } from './catalog';
import { groupTree, type Group, type GroupKind } from './groups';
import type { DiagramEdge, DiagramModel, DiagramNode } from './model';

interface GroupStyle {
  readonly color: string;
  readonly style: string;
  readonly fill?: string;
  readonly icon?: string;
}

/** Group colours and icons of the AWS architecture icon guidelines. */
const GROUP_STYLE: Readonly<Record<GroupKind, GroupStyle>> = {
  cloud: { color: '#232F3E', style: 'solid', icon: 'architecture-group/AWSCloudlogo' },
  edge: { color: '#7D8998', style: 'dashed' },
  region: { color: '#00A4A6', style: 'dashed', icon: 'architecture-group/Region' },
  vpc: { color: '#8C4FFF', style: 'solid', icon: 'architecture-group/VirtualprivatecloudVPC' },
  az: { color: '#147EBA', style: 'dashed' },
  public: { color: '#7AA116', fill: '#F2F6E8', style: 'filled', icon: 'architecture-group/Publicsubnet' },
  private: { color: '#00A4A6', fill: '#E6F6F7', style: 'filled', icon: 'architecture-group/Privatesubnet' },
};

const FONT = 'Helvetica';
const NODE_ICON_SIZE = 44;
const GROUP_ICON_SIZE = 22;
const MUTED = '#545B64';

/** Icon files the DOT source names, with the pixel size Graphviz must reserve for each. */
export interface DotImage {
  readonly icon: string;
  readonly size: number;
}

/**
 * Graphviz input for one environment in two parts. `layout` holds the boxes and nodes with invisible edges that
 * rank them top to bottom along the request path (client, edge, Region, VPC with public subnets above private ones,
 * data services) and left to right by AZ; `dot` lays it out. `overlay` holds the visible edges, drawn over the fixed
 * layout: routed by dot, edges into the subnets would detour around every box they do not belong to, pushing the
 * AZ columns apart and out of order.
 */
export interface DotSource {
  readonly layout: string;
  readonly overlay: readonly string[];
  readonly images: readonly DotImage[];
}

export function toDot(model: DiagramModel): DotSource {
  const images = new Map<string, DotImage>();
  const image = (icon: string, size: number) => {
    images.set(`${icon} ${size}`, { icon, size });
    return `<IMG SRC="${imageName(icon, size)}"/>`;
  };
  const nodeLine = (n: DiagramNode) => `${n.id} [label=<${nodeLabel(n, image)}>];`;
  const cluster = (group: Group): string[] => {
    const style = GROUP_STYLE[group.kind];
    const fill = style.fill ? ` fillcolor="${style.fill}"` : '';
    const label = groupLabelHtml(style.icon ? image(style.icon, GROUP_ICON_SIZE) : '', group.title);
    const body = [
      ...[...group.nodes].sort((a, b) => declarationOrder(a) - declarationOrder(b)).map(nodeLine),
      ...(group.emptyNote ? [`${group.emptyNote.id} [label=<${emptySubnetLabel(group.emptyNote.text)}>];`] : []),
      ...group.children.flatMap(cluster),
    ];
    return [
      `subgraph cluster_${group.id} {`,
      `  graph [label=${label} color="${style.color}" style="${style.style}"${fill} fontcolor="#232F3E" labelloc=t labeljust=l margin=10];`,
      ...body.map((line) => `  ${line}`),
      '}',
    ];
  };
  const { outside, cloud } = groupTree(model);
  const legend = 'Solid arrows: request path.   Dashed arrows: supporting flows (images, logs, certificates).';
  const lines = [
    `digraph "${model.environment}" {`,
    `  graph [rankdir=TB newrank=true splines=true fontname="${FONT}" fontsize=14 nodesep=0.3 ranksep=0.45 pad=0.15 labeljust=l];`,
    `  graph [label="${legend}" labelloc=b labeljust=c fontcolor="${MUTED}"];`,
    `  node [shape=plain fontname="${FONT}" fontsize=14];`,
    `  edge [fontname="${FONT}" fontsize=12 fontcolor="${MUTED}" arrowsize=0.8];`,
    ...[...outside.map(nodeLine), ...cluster(cloud), ...layoutSpine(model, cloud)].map((l) => `  ${l}`),
    '}',
  ];
  return { layout: `${lines.join('\n')}\n`, overlay: drawnEdges(model).map(edgeLine), images: [...images.values()] };
}

/** Within a row dot keeps the order nodes are declared in: the edge certificate left of CloudFront, WAF right of it. */
const DECLARATION_ORDER: readonly Kind[] = ['certificate', 'dns', 'cdn', 'waf'];

function declarationOrder(node: DiagramNode): number {
  const index = DECLARATION_ORDER.indexOf(node.kind);
  return index < 0 ? DECLARATION_ORDER.length : index;
}

/** The name an image has in the DOT source and in Graphviz's SVG, before the renderer inlines it. */
export function imageName(icon: string, size: number): string {
  return `${icon}@${size}.svg`;
}

function nodeLabel(node: DiagramNode, image: (icon: string, size: number) => string): string {
  const rows = [
    `<TR><TD FIXEDSIZE="TRUE" WIDTH="${NODE_ICON_SIZE}" HEIGHT="${NODE_ICON_SIZE}">${image(node.icon, NODE_ICON_SIZE)}</TD></TR>`,
    `<TR><TD>${escape(node.title)}</TD></TR>`,
    ...node.details.map((d) => `<TR><TD><FONT POINT-SIZE="12" COLOR="${MUTED}">${escape(d)}</FONT></TD></TR>`),
  ];
  return `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">${rows.join('')}</TABLE>`;
}

/** A group's title beside its icon; further lines (a subnet's CIDR) smaller, under it. */
/** Keeps an empty subnet as tall as its neighbours, so the AZ columns line up, and says why it is empty. */
function emptySubnetLabel(why: string): string {
  return `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD FIXEDSIZE="TRUE" WIDTH="${NODE_ICON_SIZE}" HEIGHT="${NODE_ICON_SIZE}"> </TD></TR><TR><TD><FONT POINT-SIZE="12" COLOR="${MUTED}">${why}</FONT></TD></TR></TABLE>`;
}

function groupLabelHtml(imageTag: string, [title, ...more]: readonly string[]): string {
  const icon = imageTag
    ? `<TD FIXEDSIZE="TRUE" WIDTH="${GROUP_ICON_SIZE}" HEIGHT="${GROUP_ICON_SIZE}">${imageTag}</TD>`
    : '';
  const text = [escape(title), ...more.map((line) => `<FONT POINT-SIZE="12" COLOR="${MUTED}">${escape(line)}</FONT>`)];
  return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"><TR>${icon}<TD ALIGN="LEFT" BALIGN="LEFT">${text.join('<BR/>')}</TD></TR></TABLE>>`;
}

/** Alarms and the topics they notify: a row of their own, in the Region and in the edge box. */
const OPERATIONS_KINDS: readonly Kind[] = ['alarms', 'alarmTopic'];

/** Kinds whose box already says what flows into it (a certificate, a log store): the arrow needs no label. */
const SELF_EXPLAINING_TARGETS: readonly Kind[] = ['certificate', 'logs', 'bucket', 'waf'];

interface DrawnEdge {
  readonly edge: DiagramEdge;
  readonly label: string | undefined;
}

/**
 * What the picture draws of the model's edges (the Mermaid text keeps them all). Edges repeated per AZ are
 * labelled once, on the middle AZ's copy. A supporting flow of a component that spans the AZs (the ALB's
 * certificate, the tasks' image pulls) is drawn once, from the middle AZ; from the first AZ such edges would pull
 * that column sideways.
 */
function drawnEdges(model: DiagramModel): DrawnEdge[] {
  const kindOf = new Map(model.nodes.map((n) => [n.id, n.kind]));
  const azOf = new Map(model.nodes.map((n) => [n.id, n.area.kind === 'subnet' ? n.area.az : undefined]));
  const zones = model.availabilityZones.map((az) => az.name);
  const middle = zones[Math.floor((zones.length - 1) / 2)];
  const areaOf = new Map(model.nodes.map((n) => [n.id, n.area.kind]));
  // Per-AZ copies share kinds and area kind; the edge box's alarms and the Region's are two flows, drawn twice.
  const sameFlow = (edge: DiagramEdge) =>
    [kindOf.get(edge.from), kindOf.get(edge.to), areaOf.get(edge.from), edge.flow, edge.label].join(' ');
  const repeats = new Map<string, DiagramEdge[]>();
  for (const edge of model.edges) repeats.set(sameFlow(edge), [...(repeats.get(sameFlow(edge)) ?? []), edge]);
  const representative = (edge: DiagramEdge) => {
    const siblings = repeats.get(sameFlow(edge))!;
    return siblings.find((e) => [azOf.get(e.from), azOf.get(e.to)].includes(middle)) ?? siblings[0];
  };
  return model.edges
    .filter((edge) => edge.flow === 'request' || edge === representative(edge))
    .map((edge) => ({
      edge,
      label:
        edge === representative(edge) &&
        !(edge.flow === 'support' && SELF_EXPLAINING_TARGETS.includes(kindOf.get(edge.to)!))
          ? edge.label
          : undefined,
    }));
}

function edgeLine({ edge, label }: DrawnEdge): string {
  const style = edge.flow === 'request' ? 'color="#232F3E" penwidth=1.6' : 'color="#8D99A8" style=dashed';
  return `${edge.from} -> ${edge.to} [${label ? `label="${escape(label)}" ` : ''}${style}];`;
}

/**
 * Invisible edges that give the layout its rows, each between neighbouring rows so that no edge needs a detour:
 * the request path outside the VPC (client -> Route 53 -> CloudFront -> API Gateway -> VPC link), each AZ column
 * (public subnet, then ALB -> tasks), the VPC endpoints under the columns and the Region's data services under them.
 * Rows are ordered left to right: edge certificate, CloudFront, WAF; AZs by name.
 */
function layoutSpine(model: DiagramModel, cloud: Group): string[] {
  const inSubnet = new Map(
    model.nodes.map((n) => [n.id, n.area.kind === 'subnet' ? `${n.area.az} ${n.area.tier}` : undefined]),
  );
  const ids = (predicate: (n: DiagramNode) => boolean) => model.nodes.filter(predicate).map((n) => n.id);
  const lines: string[] = [];
  const invisible = (from: string, to: string, weight = 1) =>
    lines.push(`${from} -> ${to} [style=invis weight=${weight}];`);
  const row = (members: string[]) => {
    if (members.length < 2) return;
    lines.push(`{ rank=same; ${members.join('; ')}; }`);
    members.slice(1).forEach((member, i) => invisible(members[i], member, 0));
  };
  // Each AZ column top to bottom: the nodes of each subnet, or the note of an empty one.
  const vpc = cloud.children.find((g) => g.kind === 'region')!.children.find((g) => g.kind === 'vpc')!;
  const columns = vpc.children.map((az) =>
    az.children.map((subnet) => (subnet.emptyNote ? [subnet.emptyNote.id] : subnet.nodes.map((n) => n.id))),
  );

  for (const edge of model.edges.filter((e) => e.flow === 'request')) {
    const [from, to] = [inSubnet.get(edge.from), inSubnet.get(edge.to)];
    if (from === to) invisible(edge.from, edge.to, 10);
  }
  const inEdge = (n: DiagramNode) => n.area.kind === 'edge';
  const isOperations = (n: DiagramNode) => OPERATIONS_KINDS.includes(n.kind);
  row([
    ...ids((n) => inEdge(n) && n.kind === 'certificate'),
    ...ids((n) => n.kind === 'cdn'),
    ...ids((n) => inEdge(n) && !['dns', 'cdn', 'certificate'].includes(n.kind) && !isOperations(n)),
  ]);
  // The edge alarms and their topic beside Route 53, a row above CloudFront's: the edge box stays narrow.
  row([...ids((n) => n.kind === 'dns'), ...ids((n) => inEdge(n) && isOperations(n))]);
  row([...ids((n) => n.kind === 'api'), ...ids((n) => n.kind === 'certificate' && n.area.kind === 'region')]);

  const vpcLinks = ids((n) => n.kind === 'vpcLink');
  const middle = Math.floor((columns.length - 1) / 2);
  for (const [index, subnets] of columns.entries()) {
    // Weight on the middle column only: the VPC link, and the request path above it, stand over the VPC's centre.
    for (const link of vpcLinks) invisible(link, subnets[0][0], index === middle ? 10 : 0);
    subnets.slice(1).forEach((subnet, i) => invisible(subnets[i].at(-1)!, subnet[0], 10));
  }
  const columnBottoms = columns.map((subnets) => subnets.at(-1)!.at(-1)!);
  row(columns.map((subnets) => subnets[0][0]));

  const vpcBottom = ids((n) => n.area.kind === 'vpc-edge');
  for (const from of columnBottoms) for (const to of vpcBottom) invisible(from, to, 0);
  row(vpcBottom);

  // Rows under the VPC keep the picture narrow: what the tasks use, where logs and state go, who hears of alarms.
  const dataRow = ids((n) => ['table', 'registry', 'logs'].includes(n.kind) && n.area.kind === 'region');
  const storageRow = ids((n) => ['bucket', 'stateBucket'].includes(n.kind) && n.area.kind === 'region');
  const operationsRow = ids((n) => isOperations(n) && n.area.kind === 'region');
  for (const from of vpcBottom.length > 0 ? vpcBottom : columnBottoms) for (const to of dataRow) invisible(from, to, 0);
  for (const from of dataRow) for (const to of storageRow) invisible(from, to, 0);
  for (const from of storageRow) for (const to of operationsRow) invisible(from, to, 0);
  row(dataRow);
  row(storageRow);
  row(operationsRow);
  return lines;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
