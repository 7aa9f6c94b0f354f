/** The "configuration changes against the base branch" section of the plan summary. */
import type { ResourceConfigChange, StackComparison } from './compare';
import { code, codeList, counted } from './markdown';
import { isSecurityRelevant, isStateful } from './resource-kinds';

function marks(change: ResourceConfigChange): string {
  const flags: string[] = [];
  if (change.kind === 'removed' && isStateful(change.type)) flags.push('⚠ stateful');
  if (isSecurityRelevant(change.type)) flags.push('🔒 security');
  return flags.length > 0 ? ` (${flags.join(', ')})` : '';
}

function resourceLine(change: ResourceConfigChange): string {
  const attributes = change.attributes.length > 0 ? `: ${codeList(change.attributes)}` : '';
  return `  - ${change.kind} ${code(change.address)}${attributes}${marks(change)}`;
}

function blocks(comparison: StackComparison): string {
  const dataSources = comparison.resources.filter((change) => change.address.startsWith('data.')).length;
  const resources = comparison.resources.length - dataSources;
  return `${counted(resources, 'resource')}, ${counted(dataSources, 'data source')}`;
}

function stackLines(comparison: StackComparison): string[] {
  const name = code(comparison.stack);
  if (comparison.presence === 'added') {
    return [`- ${name}: new stack, ${blocks(comparison)}`];
  }
  if (comparison.presence === 'removed') {
    return [
      `- ${name}: removed from the app (${blocks(comparison)}); what it created is no longer planned or ` +
        'applied and stays in AWS until destroyed by hand',
    ];
  }
  if (comparison.resources.length === 0 && comparison.settingsChanged.length === 0) {
    return [`- ${name}: no configuration changes`];
  }
  const count = (kind: ResourceConfigChange['kind']): number =>
    comparison.resources.filter((change) => change.kind === kind).length;
  const settings =
    comparison.settingsChanged.length > 0 ? `; stack settings changed: ${codeList(comparison.settingsChanged)}` : '';
  return [
    `- ${name}: ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed${settings}`,
    ...comparison.resources.map(resourceLine),
  ];
}

export function renderComparison(comparisons: StackComparison[]): string[] {
  return [
    '### Configuration changes against the base branch',
    '',
    'From the synthesized Terraform JSON of both branches, before any plan runs.',
    '',
    ...comparisons.flatMap(stackLines),
    '',
  ];
}
