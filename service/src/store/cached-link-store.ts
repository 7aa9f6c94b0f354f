import type { Link } from '../links/link';
import type { LinkStore, Occupant } from './link-store';

export interface LinkCacheOptions {
  /** How long a read link is reused; 0 passes every call through. */
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}

/**
 * Keeps recently read links in this process for `ttlMs`, so hot redirects skip DynamoDB. Only found links
 * are kept (a slug created elsewhere shows up at once). A delete (retire) through this process evicts at once;
 * another task may keep serving a deleted or changed link for up to `ttlMs`, the same kind of staleness
 * CloudFront's cache adds on top (see README). Expiry is still checked on every read by the caller.
 */
export class CachedLinkStore implements LinkStore {
  private readonly entries = new Map<string, { readonly link: Link; readonly freshUntil: number }>();
  private readonly now: () => number;
  /** Bumped by every delete: a read that overlapped one may hold the deleted link and must not cache it. */
  private deletes = 0;

  constructor(
    private readonly inner: LinkStore,
    private readonly options: LinkCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The cached link if it is still fresh; never reads the store. */
  peek(slug: string, now = this.now()): Link | undefined {
    const entry = this.entries.get(slug);
    if (entry === undefined) return undefined;
    if (entry.freshUntil > now) return entry.link;
    this.entries.delete(slug);
    return undefined;
  }

  async get(slug: string): Promise<Link | undefined> {
    const now = this.now();
    const cached = this.peek(slug, now);
    if (cached !== undefined) return cached;
    const deletesBefore = this.deletes;
    const link = await this.inner.get(slug);
    if (link !== undefined && this.options.ttlMs > 0 && this.deletes === deletesBefore) this.remember(slug, link, now);
    return link;
  }

  putIfAbsent(link: Link, nowMs: number, owner?: string): Promise<boolean> {
    return this.inner.putIfAbsent(link, nowMs, owner);
  }

  occupant(slug: string, nowMs: number): Promise<Occupant | undefined> {
    return this.inner.occupant(slug, nowMs);
  }

  async retire(slug: string, tokenHash: string, nowMs: number): Promise<boolean> {
    this.forget(slug);
    try {
      return await this.inner.retire(slug, tokenHash, nowMs);
    } finally {
      // A read that overlapped the delete may have cached the link before the store dropped it.
      this.forget(slug);
    }
  }

  private forget(slug: string): void {
    this.deletes += 1;
    this.entries.delete(slug);
  }

  private remember(slug: string, link: Link, now: number): void {
    // Map keeps insertion order: the first key is the oldest entry, dropped when full.
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(slug, { link, freshUntil: now + this.options.ttlMs });
  }
}
