/**
 * Reads the parts of `terraform show -json PLANFILE` the review needs: which resource instances change
 * and how. Action lists per https://developer.hashicorp.com/terraform/internals/json-format.
 */
import { changedTopLevelAttributes } from './attribute-diff';

export type PlanAction = 'create' | 'update' | 'replace' | 'delete' | 'forget';

export interface PlannedChange {
  address: string;
  /** Resource type, e.g. aws_dynamodb_table. */
  type: string;
  action: PlanAction;
  /** Top-level attributes whose value changes (for updates); names only, never values. */
  changedAttributes: string[];
  /** Attribute paths that force a replacement, e.g. `name` or `attribute[0].type`. */
  replacePaths: string[];
}

interface ResourceChange {
  address?: unknown;
  type?: unknown;
  mode?: unknown;
  deposed?: unknown;
  change?: {
    actions?: unknown;
    before?: unknown;
    after?: unknown;
    after_unknown?: unknown;
    replace_paths?: unknown;
  };
}

const ACTIONS: Record<string, PlanAction | null> = {
  'no-op': null,
  read: null,
  create: 'create',
  update: 'update',
  'delete,create': 'replace',
  'create,delete': 'replace',
  delete: 'delete',
  forget: 'forget',
};

function planAction(actions: unknown, address: string, source: string): PlanAction | null {
  const key = Array.isArray(actions) ? actions.join(',') : String(actions);
  if (!(key in ACTIONS)) {
    throw new Error(`${source}: resource ${address} has unknown change actions ${JSON.stringify(actions)}.`);
  }
  return ACTIONS[key];
}

function pathText(path: unknown): string {
  if (!Array.isArray(path)) return String(path);
  return path.map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`)).join('');
}

/** The changes a plan makes to managed resources, in plan order; no-ops and data source reads left out. */
export function plannedChanges(plan: unknown, source: string): PlannedChange[] {
  if (typeof plan !== 'object' || plan === null || !('format_version' in plan)) {
    throw new Error(`${source} is not the output of \`terraform show -json PLANFILE\` (no format_version).`);
  }
  const resourceChanges = (plan as { resource_changes?: unknown }).resource_changes ?? [];
  if (!Array.isArray(resourceChanges)) {
    throw new Error(`${source}: resource_changes must be a list.`);
  }
  const changes: PlannedChange[] = [];
  for (const entry of resourceChanges as ResourceChange[]) {
    if (typeof entry.address !== 'string' || typeof entry.type !== 'string' || !entry.change) {
      throw new Error(
        `${source}: a resource change lacks address, type or change: ${JSON.stringify(entry).slice(0, 200)}`,
      );
    }
    const action = planAction(entry.change.actions, entry.address, source);
    if (action === null || entry.mode === 'data') continue;
    const { before, after, after_unknown: afterUnknown, replace_paths: replacePaths } = entry.change;
    changes.push({
      address: typeof entry.deposed === 'string' ? `${entry.address} (deposed ${entry.deposed})` : entry.address,
      type: entry.type,
      action,
      changedAttributes: action === 'update' ? changedTopLevelAttributes(before, after, afterUnknown) : [],
      replacePaths: Array.isArray(replacePaths) ? replacePaths.map(pathText) : [],
    });
  }
  return changes;
}
