import type { Link } from '../links/link';

/** Why a slug cannot be taken now. */
export type Occupant =
  | { readonly kind: 'link' }
  /** A link was deleted or expired here; the slug is free again at `freeAt` (epoch seconds). */
  | { readonly kind: 'retired'; readonly freeAt: number };

/** Where links live. The DynamoDB table in production and locally; a cache may wrap it. */
export interface LinkStore {
  /** The stored link, expired or not; undefined when there is none or it was deleted. */
  get(slug: string): Promise<Link | undefined>;
  /**
   * Writes the link unless its slug is held (then false): by a live link, or by a deleted or expired one whose
   * retirement has not ended. With `owner`, an item written for the same owner is overwritten (a retry).
   */
  putIfAbsent(link: Link, nowMs: number, owner?: string): Promise<boolean>;
  /** What holds the slug, read consistently; undefined when nothing does (any more). */
  occupant(slug: string, nowMs: number): Promise<Occupant | undefined>;
  /**
   * Deletes the link if its token hash is still `tokenHash`, and keeps its slug retired, so that nobody can
   * take over a link that was printed or shared. False when there was no such link.
   */
  retire(slug: string, tokenHash: string, nowMs: number): Promise<boolean>;
}
