/** Small Markdown helpers shared by the summary sections. */

export function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

export function codeList(items: string[]): string {
  return items.map(code).join(', ');
}

/** `count noun` with a plural `s` when needed. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
