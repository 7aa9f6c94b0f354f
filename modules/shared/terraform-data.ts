import { anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl, TerraformResource } from 'cdktf';
import type { TerraformResourceLifecycle } from 'cdktf';
import type { Construct } from 'constructs';

export interface TerraformDataProps {
  /**
   * Stored in state and reflected in `output` after apply.
   * @default none: the resource holds nothing
   */
  readonly input?: Record<string, unknown>;
  /**
   * A change of any value replaces the resource.
   * @default none: nothing here replaces it
   */
  readonly triggersReplace?: Record<string, unknown>;
  /**
   * The resource's lifecycle settings.
   * @default Terraform's: no create-before-destroy, nothing ignored
   */
  readonly lifecycle?: TerraformResourceLifecycle;
}

/**
 * Terraform's built-in `terraform_data` resource, written exactly as cdktf's `DataResource` writes it, without the
 * validation `DataResource` adds to every instance: that one runs `terraform version` in a child process per
 * resource at every synth (four runs, a third of the whole synth). The version it checks (≥ 1.4) is covered once,
 * by Terraform itself, through each stack's `required_version` (lib/terraform-version.ts).
 */
export class TerraformData extends TerraformResource {
  static readonly tfResourceType = 'terraform_data';

  constructor(
    scope: Construct,
    id: string,
    private readonly props: TerraformDataProps = {},
  ) {
    super(scope, id, {
      terraformResourceType: TerraformData.tfResourceType,
      terraformGeneratorMetadata: { providerName: 'terraform' },
      ...(props.lifecycle === undefined ? {} : { lifecycle: props.lifecycle }),
    });
  }

  /** One key of `output`, the stored copy of `input`. */
  outputValue(key: string): string {
    return this.getStringAttribute(`output.${key}`);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      input: hashMapper(anyToTerraform)(this.props.input),
      triggers_replace: hashMapper(anyToTerraform)(this.props.triggersReplace),
    };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {
      input: hashMapperHcl(anyToHclTerraform)(this.props.input),
      triggers_replace: hashMapperHcl(anyToHclTerraform)(this.props.triggersReplace),
    };
  }
}
