import { analyzeStack } from './analyzed-stack';
import { architectureDocument } from './architecture/document';
import { buildModel } from './build-model';
import { platformFacts } from './facts';
import { toMermaid } from './mermaid';
import { renderSvg } from './svg';
import type { SynthesizedStack } from './synth-output';

/** The environments whose diagrams are committed under docs/ (the README embeds prod). */
export const DOCUMENTED_ENVIRONMENTS = ['prod', 'dev'];

export interface GeneratedFile {
  /** Relative to the output root: `diagrams/prod.svg` under cdktf.out, `prod.svg` under docs/. */
  readonly path: string;
  readonly content: string;
}

export interface Generated {
  /** Every platform stack's SVG and Mermaid text, for `<cdktf outdir>/diagrams/`. */
  readonly diagrams: readonly GeneratedFile[];
  /** The committed copies and docs/architecture.md, for `docs/`. */
  readonly docs: readonly GeneratedFile[];
}

/** Platform stacks are the ones with a VPC; the `state` stack only holds the state bucket. */
export function platformStacks<Stack extends SynthesizedStack>(stacks: readonly Stack[]): Stack[] {
  return stacks.filter((s) => Object.keys(s.json.resource?.aws_vpc ?? {}).length > 0);
}

export async function generate(synthesized: readonly SynthesizedStack[]): Promise<Generated> {
  const stacks = synthesized.map(analyzeStack);
  const platforms = platformStacks(stacks);
  if (platforms.length === 0) {
    throw new Error(
      `None of the synthesized stacks (${stacks.map((s) => s.name).join(', ') || 'none'}) has an aws_vpc to draw.`,
    );
  }
  const missing = DOCUMENTED_ENVIRONMENTS.filter((env) => !platforms.some((p) => p.name === env));
  if (missing.length > 0) {
    throw new Error(
      `docs/ documents ${DOCUMENTED_ENVIRONMENTS.join(' and ')}, but no platform stack is named ${missing.join(', ')}.`,
    );
  }
  const models = platforms.map(buildModel);
  const rendered = await Promise.all(
    models.map(async (model) => ({ env: model.environment, svg: await renderSvg(model), mermaid: toMermaid(model) })),
  );
  const files = (env: string) => {
    const { svg, mermaid } = rendered.find((r) => r.env === env)!;
    return [
      { path: `${env}.svg`, content: svg },
      { path: `${env}.mmd`, content: mermaid },
    ];
  };
  const documented = models.filter((m) => DOCUMENTED_ENVIRONMENTS.includes(m.environment));
  const facts = platforms.filter((p) => DOCUMENTED_ENVIRONMENTS.includes(p.name)).map((p) => platformFacts(p, stacks));
  return {
    diagrams: rendered.flatMap(({ env }) => files(env).map((f) => ({ ...f, path: `diagrams/${f.path}` }))),
    docs: [
      ...DOCUMENTED_ENVIRONMENTS.flatMap(files),
      { path: 'architecture.md', content: architectureDocument(documented, facts) },
    ],
  };
}
