import { readOutputDir, readStackJson } from '../lib/terraform-json/output-dir';

/** One stack's synthesized Terraform JSON, as cdktf writes it to `<outdir>/stacks/<name>/cdk.tf.json`. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: TerraformJson;
}

export interface TerraformJson {
  readonly terraform?: { readonly backend?: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

/** Every stack synthesized into `outdir`, in name order so that everything drawn from them is too. */
export function readSynthOutput(outdir: string): SynthesizedStack[] {
  return readOutputDir(outdir).map((stack) => ({ name: stack.name, json: readStackJson(stack) as TerraformJson }));
}
