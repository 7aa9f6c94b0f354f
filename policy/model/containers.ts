import { type Body, isObject } from '../../lib/terraform-json/attributes';
import { decodeDocument } from '../../lib/terraform-json/document';
import type { Block } from './stack';

export type ContainerReading = { ok: true; containers: Body[] } | { ok: false; reason: string };

/** The container definitions of an `aws_ecs_task_definition`, from JSON text or `jsonencode(...)`. */
export function readContainers(taskDefinition: Block): ContainerReading {
  const decoded = decodeDocument(taskDefinition.body.container_definitions);
  if (decoded.kind === 'unreadable') return { ok: false, reason: decoded.reason };
  if (decoded.kind === 'reference') return { ok: false, reason: `it is \${${decoded.reference.src}}` };
  if (!Array.isArray(decoded.value) || !decoded.value.every(isObject)) {
    return { ok: false, reason: 'it is not a list of container objects' };
  }
  return { ok: true, containers: decoded.value };
}

export function containerName(container: Body, index: number): string {
  return typeof container.name === 'string' ? `container "${container.name}"` : `container #${index}`;
}

/** Each readable container with the task definition it belongs to; unreadable ones are another rule's finding. */
export function eachContainer(taskDefinitions: Block[]): { task: Block; container: Body; label: string }[] {
  return taskDefinitions.flatMap((task) => {
    const reading = readContainers(task);
    return reading.ok
      ? reading.containers.map((container, i) => ({ task, container, label: containerName(container, i) }))
      : [];
  });
}
