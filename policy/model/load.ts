import { isObject } from '../../lib/terraform-json/attributes';
import { loadStackJsons } from '../../lib/terraform-json/load';
import { StackModel } from './stack';

/** S3 backend buckets named by any stack: they identify the state bucket where it is declared. */
function backendBuckets(jsons: Record<string, unknown>[]): Set<string> {
  return new Set(
    jsons.flatMap((json) => {
      const terraform = isObject(json.terraform) ? json.terraform : {};
      const backend = isObject(terraform.backend) ? terraform.backend : {};
      const s3 = backend.s3;
      return isObject(s3) && typeof s3.bucket === 'string' ? [s3.bucket] : [];
    }),
  );
}

export function loadStacks(dir: string): StackModel[] {
  const stacks = loadStackJsons(dir);
  const context = { backendBuckets: backendBuckets(stacks.map((stack) => stack.json)) };
  return stacks.map((stack) => new StackModel(stack.name, stack.file, stack.json, context));
}
