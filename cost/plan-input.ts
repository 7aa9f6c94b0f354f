/**
 * When a stack has been planned (`npm run plan` writes `.plan/<stack>/plan.json`), its resource instances come
 * from the plan: what Terraform will have after apply, with `count` and `for_each` expanded. Each instance keeps
 * its synthesized configuration (planned values lack the references between resources that pricing follows),
 * so the plan decides which resources and how many, the synthesized JSON what each one is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject } from '../lib/terraform-json/attributes';

interface PlannedResource {
  address?: unknown;
  mode?: unknown;
  type?: unknown;
  name?: unknown;
}

interface PlannedModule {
  resources?: PlannedResource[];
  child_modules?: PlannedModule[];
}

function plannedResources(module: PlannedModule | undefined): PlannedResource[] {
  if (!module) return [];
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(plannedResources)];
}

export function planJsonFile(planDir: string, stackName: string): string {
  return join(planDir, stackName, 'plan.json');
}

/**
 * The stack JSON with its `resource` section replaced by the plan's managed resource instances. An instance
 * whose resource the synthesized JSON does not declare means the plan is not of this synthesis: an error.
 */
export function applyPlan(stackJson: Record<string, unknown>, planFile: string): Record<string, unknown> {
  let plan: { format_version?: unknown; planned_values?: { root_module?: PlannedModule } };
  try {
    plan = JSON.parse(readFileSync(planFile, 'utf8'));
  } catch (error) {
    throw new Error(`${planFile} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(plan) || plan.format_version === undefined) {
    throw new Error(`${planFile} is not the output of \`terraform show -json PLANFILE\` (no format_version).`);
  }
  const declared = isObject(stackJson.resource) ? stackJson.resource : {};
  const resources: Record<string, Record<string, unknown>> = {};
  for (const instance of plannedResources(plan.planned_values?.root_module)) {
    if (instance.mode !== 'managed' || typeof instance.type !== 'string' || typeof instance.name !== 'string') continue;
    const byName = declared[instance.type];
    const config = isObject(byName) ? byName[instance.name] : undefined;
    if (!isObject(config)) {
      throw new Error(
        `${planFile} plans ${String(instance.address)}, which the synthesized stack does not declare: plan again after synth.`,
      );
    }
    // count/for_each instances keep their index in the name, so each is priced once.
    const name = String(instance.address).slice(`${instance.type}.`.length);
    (resources[instance.type] ??= {})[name] = config;
  }
  return { ...stackJson, resource: resources };
}

/** The stack JSON to price: through the plan when one exists for this stack, else as synthesized. */
export function withPlan(
  stackJson: Record<string, unknown>,
  stackName: string,
  planDir: string | undefined,
): { json: Record<string, unknown>; planFile?: string } {
  if (planDir === undefined) return { json: stackJson };
  const file = planJsonFile(planDir, stackName);
  return existsSync(file) ? { json: applyPlan(stackJson, file), planFile: file } : { json: stackJson };
}
