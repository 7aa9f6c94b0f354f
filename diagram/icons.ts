import * as fs from 'fs';
import * as path from 'path';

/** The official AWS architecture icons, as the `aws-icons` package ships them (SVG, one file per icon). */
const ICON_ROOT = path.join(path.dirname(require.resolve('aws-icons/package.json')), 'icons');

/** The SVG file of an icon named like `architecture-service/AmazonDynamoDB`; fails naming the icon if it is missing. */
export function iconFile(icon: string): string {
  const file = path.join(ICON_ROOT, `${icon}.svg`);
  if (!fs.existsSync(file)) {
    throw new Error(`AWS icon "${icon}" is not in the aws-icons package (looked for ${file}).`);
  }
  return file;
}

/** The icon as a `data:` URI, so that the diagram SVG carries its images and opens anywhere. */
export function iconDataUri(icon: string): string {
  return `data:image/svg+xml;base64,${fs.readFileSync(iconFile(icon)).toString('base64')}`;
}
