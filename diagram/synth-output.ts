import * as fs from 'fs';
import * as path from 'path';

/** One stack's synthesized Terraform JSON, as cdktf writes it to `<outdir>/stacks/<name>/cdk.tf.json`. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: TerraformJson;
}

export interface TerraformJson {
  readonly provider?: { readonly aws?: readonly AwsProviderBlock[] };
  readonly terraform?: { readonly backend?: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

export interface AwsProviderBlock {
  readonly alias?: string;
  readonly region?: string;
}

interface Manifest {
  readonly stacks: Readonly<Record<string, { readonly name: string; readonly synthesizedStackPath: string }>>;
}

/** Reads every stack listed in `<outdir>/manifest.json`, in name order. */
export function readSynthOutput(outdir: string): SynthesizedStack[] {
  const manifestPath = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`No cdktf output at ${manifestPath}: run \`npm run synth\` first.`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  if (!manifest.stacks || typeof manifest.stacks !== 'object') {
    throw new Error(`${manifestPath} has no "stacks" object; is it a cdktf manifest?`);
  }
  return Object.values(manifest.stacks)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry) => {
      const stackPath = path.join(outdir, entry.synthesizedStackPath);
      if (!fs.existsSync(stackPath)) {
        throw new Error(`The manifest lists stack "${entry.name}" but ${stackPath} does not exist.`);
      }
      return { name: entry.name, json: JSON.parse(fs.readFileSync(stackPath, 'utf8')) as TerraformJson };
    });
}
