import { readFileSync } from 'node:fs';

/**
 * Line numbers of the blocks in a cdktf stack file, keyed by Terraform address. cdktf writes the JSON with
 * two-space indentation, so a block's key sits at a known depth: `resource` > type > name, `output` > name.
 */
export function blockLines(file: string): Map<string, number> {
  const lines = new Map<string, number>();
  const keys: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const match = /^( +)"((?:[^"\\]|\\.)*)": \{$/.exec(text);
      if (!match) return;
      const depth = match[1].length / 2;
      keys.length = depth - 1;
      keys.push(match[2]);
      const [section, first, second] = keys;
      if (section === 'resource' && depth === 3) lines.set(`${first}.${second}`, i + 1);
      if (section === 'data' && depth === 3) lines.set(`data.${first}.${second}`, i + 1);
      if (section === 'output' && depth === 2) lines.set(`output.${first}`, i + 1);
    });
  return lines;
}
