import type { Db, DbOrTx } from '../../platform/db/client.js';
import { listen, notify, type Listener } from '../../platform/db/notifications.js';

/** The channel on which every instance hears that a session ended or a signed-in person changed. */
export const SESSION_CHANNEL = 'linli_sessions';

/** The signed-in person as every request sees her. */
export interface SessionUser {
  id: string;
  phone: string;
  name: string;
  isOperator: boolean;
}

interface Entry { user: SessionUser; until: number }

/**
 * Who is signed in with which session, kept a few seconds so that a request does not read the
 * database for it. Entries go at once when the session ends or its person changes (here or on
 * another instance, heard through NOTIFY), when their session expires, and after `ttlMs` anyway.
 */
export class SessionCache {
  private entries = new Map<string, Entry>();
  /** Moves on every invalidation: a read that started before one may not be stored. */
  private epoch = 0;
  private listener: Listener | null = null;

  constructor(readonly ttlMs = 5_000, readonly maxEntries = 50_000, private clock: () => number = Date.now) {}

  get size() {
    return this.entries.size;
  }

  get(tokenHash: string): SessionUser | undefined {
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (e.until <= this.clock()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return e.user;
  }

  /** A token for reading: `store` keeps the result only if nothing was invalidated since. */
  begin(): number {
    return this.epoch;
  }

  store(ticket: number, tokenHash: string, user: SessionUser, expiresAt: Date) {
    if (ticket !== this.epoch || this.ttlMs <= 0) return;
    const until = Math.min(this.clock() + this.ttlMs, expiresAt.getTime());
    if (this.entries.size >= this.maxEntries) {
      // Oldest first (a Map keeps insertion order); one sweep makes room for a while.
      const drop = Math.max(1, Math.floor(this.maxEntries / 10));
      let n = 0;
      for (const k of this.entries.keys()) {
        this.entries.delete(k);
        if (++n >= drop) break;
      }
    }
    this.entries.set(tokenHash, { user, until });
  }

  forgetSession(tokenHash: string) {
    this.epoch++;
    this.entries.delete(tokenHash);
  }

  forgetUser(userId: string) {
    this.epoch++;
    for (const [k, e] of this.entries) if (e.user.id === userId) this.entries.delete(k);
  }

  clear() {
    this.epoch++;
    this.entries.clear();
  }

  /** Applies a message sent by `announceSessionChange` (from any instance). */
  hear(payload: string) {
    const [kind, key] = [payload.slice(0, 2), payload.slice(2)];
    if (kind === 's:') this.forgetSession(key);
    else if (kind === 'u:') this.forgetUser(key);
    else this.clear();
  }

  /** Starts hearing other instances' changes; `close` stops. */
  async listen(db: Db): Promise<void> {
    this.listener = await listen(db, SESSION_CHANNEL, (p) => this.hear(p), () => this.clear());
  }

  async close() {
    await this.listener?.close();
    this.listener = null;
  }
}

/** Tells every instance (after the caller's transaction commits) that cached sign-ins are stale. */
export async function announceSessionChange(db: DbOrTx, change: { tokenHash: string } | { userId: string }): Promise<void> {
  await notify(db, SESSION_CHANNEL, 'tokenHash' in change ? `s:${change.tokenHash}` : `u:${change.userId}`);
}
