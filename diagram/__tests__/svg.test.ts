import * as fs from 'fs';
import { buildModel } from '../build-model';
import { KINDS } from '../catalog';
import { iconDataUri, iconFile } from '../icons';
import { renderSvg } from '../svg';
import { fixtureStack } from './fixture-stacks';

/** The box of a Graphviz cluster in the SVG: its polygon's left x and top y (Graphviz's y grows upwards, negative). */
function clusterBox(svg: string, name: string): { left: number; top: number } {
  const match = new RegExp(`<title>cluster_${name}</title>\\s*<polygon[^>]*points="([^"]+)"`).exec(svg);
  if (!match) throw new Error(`no cluster ${name} in the SVG`);
  const points = match[1].split(' ').map((p) => p.split(',').map(Number));
  return { left: Math.min(...points.map(([x]) => x)), top: Math.min(...points.map(([, y]) => y)) };
}

describe('icons', () => {
  it.each(Object.entries(KINDS))('resolves the official icon of %s', (_kind, spec) => {
    const svg = fs.readFileSync(iconFile(spec.icon), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it('names an icon the package does not have', () => {
    expect(() => iconFile('architecture-service/AmazonNothing')).toThrow(
      /AWS icon "architecture-service\/AmazonNothing" is not in the aws-icons package/,
    );
  });
});

describe('renderSvg', () => {
  let svg: string;
  beforeAll(async () => {
    svg = await renderSvg(buildModel(fixtureStack('prod')));
  });

  it('is self-contained: every image is an inlined icon, nothing is fetched', () => {
    const hrefs = [...svg.matchAll(/(?:xlink:)?href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((href) => !href.startsWith('data:image/svg+xml;base64,'))).toEqual([]);
    expect(svg).toContain(`xlink:href="${iconDataUri('architecture-service/AmazonDynamoDB')}"`);
  });

  it('carries an icon for every node and group box', () => {
    const model = buildModel(fixtureStack('prod'));
    const images = svg.match(/<image /g) ?? [];
    // Group icons: AWS Cloud, Region, VPC, and one per subnet.
    const subnets = model.availabilityZones.flatMap((az) => az.subnets).length;
    expect(images.length).toBe(model.nodes.length + 3 + subnets);
  });

  it('draws the AZ columns left to right in name order, each public subnet above its private one', () => {
    const columns = ['eu_west_1a', 'eu_west_1b', 'eu_west_1c'].map((az) => clusterBox(svg, `az_${az}`).left);
    expect([...columns].sort((a, b) => a - b)).toEqual(columns);
    for (const az of ['eu_west_1a', 'eu_west_1b', 'eu_west_1c']) {
      expect(clusterBox(svg, `public_${az}`).top).toBeLessThan(clusterBox(svg, `private_${az}`).top);
    }
  });

  it('nests the boxes: the VPC inside the Region, both inside the AWS Cloud; the edge box above the Region', () => {
    expect(clusterBox(svg, 'aws').top).toBeLessThan(clusterBox(svg, 'edge').top);
    expect(clusterBox(svg, 'edge').top).toBeLessThan(clusterBox(svg, 'region').top);
    expect(clusterBox(svg, 'region').top).toBeLessThan(clusterBox(svg, 'vpc').top);
  });

  it('writes the human names and the request-path labels', () => {
    for (const text of [
      'Amazon CloudFront',
      'Amazon API Gateway',
      'VPC link',
      'Application Load Balancer',
      'AWS Fargate',
    ]) {
      expect(svg).toContain(`>${text}</text>`);
    }
    expect(svg).toContain('>HTTPS origin</text>');
    expect(svg).not.toMatch(/aws_[a-z0-9_]+\.[a-z]/);
  });

  it('fits a README: no wider than 1,000 pt, so text stays legible when scaled to the page', () => {
    const width = Number(/<svg width="(\d+)pt"/.exec(svg)?.[1]);
    expect(width).toBeGreaterThan(400);
    expect(width).toBeLessThanOrEqual(1000);
  });
});
