import type { Link } from '../links/link';
import type { LinkStore, Occupant } from './link-store';

export interface LinkCacheOptions {
  /** How long a read link is reused; 0 passes every call through. */
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}

/** The share of the TTL after which a read of a cached link renews it in the background. */
export const REFRESH_AFTER = 0.8;

/**
 * Keeps recently read links in this process for `ttlMs`, so hot redirects skip DynamoDB. Only found links
 * are kept (a slug created elsewhere shows up at once). A delete (retire) through this process evicts at once;
 * another task may keep serving a deleted or changed link for up to `ttlMs`, the same kind of staleness
 * CloudFront's cache adds on top (see README). Expiry is still checked on every read by the caller.
 *
 * A hot link never falls out: once a cached link is past REFRESH_AFTER of its TTL, the next read that finds it
 * starts one background read, and the answer renews (or, if the link is gone, drops) the entry. Concurrent reads
 * of one slug that is not cached share one store call. Without both, every hot link cost a burst of identical
 * GetItems each TTL (one per request in flight when it expired) and sent that burst through the slow path.
 */
export class CachedLinkStore implements LinkStore {
  private readonly entries = new Map<
    string,
    { readonly link: Link; readonly freshUntil: number; readonly refreshAt: number }
  >();
  /** Store reads in flight, by slug: what concurrent readers of an uncached slug share. */
  private readonly reads = new Map<string, Promise<Link | undefined>>();
  private readonly now: () => number;
  /** Bumped by every delete: a read that overlapped one may hold the deleted link and must not cache it. */
  private deletes = 0;

  constructor(
    private readonly inner: LinkStore,
    private readonly options: LinkCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The cached link if it is still fresh; never waits for the store (a refresh it starts runs in the background). */
  peek(slug: string, now = this.now()): Link | undefined {
    const entry = this.entries.get(slug);
    if (entry === undefined) return undefined;
    if (entry.freshUntil <= now) {
      this.entries.delete(slug);
      return undefined;
    }
    if (entry.refreshAt <= now && !this.reads.has(slug)) {
      // Failures are left to the entry's expiry: the next read then goes to the store and reports them.
      this.read(slug, now).catch(() => undefined);
    }
    return entry.link;
  }

  async get(slug: string): Promise<Link | undefined> {
    const now = this.now();
    const cached = this.peek(slug, now);
    if (cached !== undefined) return cached;
    // TTL 0 turns the cache off altogether: every call is its own store read.
    if (this.options.ttlMs === 0) return this.inner.get(slug);
    return this.reads.get(slug) ?? this.read(slug, now);
  }

  /** One store read of `slug` that concurrent readers share; a found link is cached, a missing one uncached. */
  private read(slug: string, now: number): Promise<Link | undefined> {
    const deletesBefore = this.deletes;
    const read = this.inner.get(slug).then(
      (link) => {
        if (this.reads.get(slug) === read) this.reads.delete(slug);
        if (this.deletes !== deletesBefore) return link;
        if (link === undefined) this.entries.delete(slug);
        else this.remember(slug, link, now);
        return link;
      },
      (error: unknown) => {
        if (this.reads.get(slug) === read) this.reads.delete(slug);
        // A failed renewal is not retried by every later reader of the entry (a stream of calls to a store that is
        // failing): the entry serves out its TTL, and the first read after that reports the error.
        const entry = this.entries.get(slug);
        if (entry !== undefined) this.entries.set(slug, { ...entry, refreshAt: entry.freshUntil });
        throw error;
      },
    );
    this.reads.set(slug, read);
    return read;
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
    // Readers that come after the delete must not join a read that began before it.
    this.reads.delete(slug);
  }

  private remember(slug: string, link: Link, now: number): void {
    // Map keeps insertion order: the first key is the oldest entry, dropped when full. A renewed entry moves to
    // the back, so that order stays true.
    this.entries.delete(slug);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const { ttlMs } = this.options;
    this.entries.set(slug, { link, freshUntil: now + ttlMs, refreshAt: now + ttlMs * REFRESH_AFTER });
  }
}
