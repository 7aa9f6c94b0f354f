import { instance, type RenderOptions } from '@viz-js/viz';
import { imageName, toDot } from './dot';
import { iconDataUri } from './icons';
import type { DiagramModel } from './model';

type Viz = Awaited<ReturnType<typeof instance>>;

/**
 * The diagram as a self-contained SVG, drawn by Graphviz's WebAssembly build (no system packages) in two passes:
 * `dot` places the boxes and nodes, then `nop2` keeps every position and routes the visible edges over them. Each
 * icon reference is then replaced by the icon itself as a data URI, so the file needs nothing beside it.
 */
export async function renderSvg(model: DiagramModel): Promise<string> {
  const { layout, overlay, images } = toDot(model);
  const viz = await instance();
  const options: RenderOptions = {
    images: images.map(({ icon, size }) => ({ name: imageName(icon, size), width: `${size}px`, height: `${size}px` })),
  };
  const placed = run(viz, layout, { ...options, engine: 'dot', format: 'dot' }, model);
  const withEdges = placed.replace(/}\s*$/, `${overlay.map((line) => `  ${line}`).join('\n')}\n}\n`);
  const svg = run(viz, withEdges, { ...options, engine: 'nop2', format: 'svg' }, model);
  return inlineImages(svg, new Map(images.map(({ icon, size }) => [imageName(icon, size), iconDataUri(icon)])));
}

function run(viz: Viz, input: string, options: RenderOptions, model: DiagramModel): string {
  const result = viz.render(input, options);
  const problems = result.errors.filter((e) => e.level !== 'warning');
  if (result.status !== 'success' || problems.length > 0) {
    const messages = result.errors.map((e) => `${e.level ?? 'error'}: ${e.message}`).join('\n');
    throw new Error(`Graphviz (${options.engine}) failed on the ${model.environment} diagram:\n${messages}`);
  }
  return result.output;
}

function inlineImages(svg: string, uris: ReadonlyMap<string, string>): string {
  return svg.replace(/xlink:href="([^"]+)"/g, (attribute, name: string) => {
    const uri = uris.get(name);
    return uri ? `xlink:href="${uri}"` : attribute;
  });
}
