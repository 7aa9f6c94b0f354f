import type { Link } from '../links/link';

/** Where links live. The DynamoDB table in production and locally; a cache may wrap it. */
export interface LinkStore {
  /** The stored link, expired or not; undefined when there is none. */
  get(slug: string): Promise<Link | undefined>;
  /** Writes the link unless a live one holds its slug (then false). An expired link's slug may be reused. */
  putIfAbsent(link: Link, nowMs: number): Promise<boolean>;
  /** Removes the link and returns what was stored, if anything. */
  delete(slug: string): Promise<Link | undefined>;
}
