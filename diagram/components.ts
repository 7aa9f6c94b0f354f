import { anchorKindOf, KINDS, PART_OF, type Kind } from './catalog';
import type { Reference } from './references';
import type { Resource } from './resources';

/** One box of the diagram before placement: the resources that found it and those folded into it. */
export interface Component {
  readonly kind: Kind;
  /** The resources that found it: one, or several when the kind groups (log groups of one Region). */
  readonly anchors: readonly Resource[];
  /** Anchors and the resources folded into them (listeners into the ALB, the stage into the API). */
  readonly members: readonly Resource[];
}

export interface Components {
  readonly all: readonly Component[];
  /** The component a resource belongs to, by address; plumbing resources have none. */
  readonly byAddress: ReadonlyMap<string, Component>;
}

export function groupComponents(resources: readonly Resource[], references: readonly Reference[]): Components {
  const byAddress = new Map<string, { kind: Kind; anchors: Resource[]; members: Resource[] }>();
  const byGroup = new Map<string, { kind: Kind; anchors: Resource[]; members: Resource[] }>();
  for (const resource of resources) {
    const kind = anchorKindOf(resource);
    if (kind === undefined) continue;
    const groupKey = `${kind} ${KINDS[kind].groupBy?.(resource) ?? resource.address}`;
    const component = byGroup.get(groupKey) ?? { kind, anchors: [], members: [] };
    byGroup.set(groupKey, component);
    component.anchors.push(resource);
    component.members.push(resource);
    byAddress.set(resource.address, component);
  }
  // Fold configuring resources into their parents until nothing moves, so chains of any length resolve.
  for (let moved = true; moved;) {
    moved = false;
    for (const { from, to } of references) {
      for (const [child, parent] of [
        [from, to],
        [to, from],
      ]) {
        const parentComponent = byAddress.get(parent.address);
        if (!byAddress.has(child.address) && parentComponent && PART_OF[child.type]?.includes(parent.type)) {
          parentComponent.members.push(child);
          byAddress.set(child.address, parentComponent);
          moved = true;
        }
      }
    }
  }
  return { all: [...byGroup.values()], byAddress };
}

/** The members of a component with the given type (e.g. the task definition of the Fargate component). */
export function membersOfType(component: Component, type: string): Resource[] {
  return component.members.filter((member) => member.type === type);
}
