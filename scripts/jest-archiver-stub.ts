/** What jest.config.js maps `archiver` to: the app's stand-in (lib/unused-archiver.ts), as archiver's own export. */
import { refuseArchiving } from '../lib/unused-archiver';

export = refuseArchiving;
