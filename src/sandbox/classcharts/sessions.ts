import { randomBytes } from "node:crypto";
import type { SandboxClock } from "../common/clock.js";

export type Role = "student" | "parent";

export interface Session {
  id: string;
  role: Role;
  /** The pupil id for a student session, the parent id for a parent session. */
  accountId: number;
  /** Simulated ms when this id was issued (login or ping). */
  issuedAt: number;
  /** Simulated ms of the last request that used this id. */
  lastSeenAt: number;
  /** Simulated ms when a ping replaced this id; it lingers for a short grace period. */
  supersededAt?: number;
}

export interface SessionTimings {
  /** An id not renewed by ping within this window stops serving data (ping still renews it). */
  renewSeconds: number;
  /** An id unused this long is dead: even ping is refused and a new login is needed. */
  idleSeconds: number;
  /** How long a replaced id keeps working, so requests in flight during a ping still land. */
  graceSeconds: number;
}

export const DEFAULT_TIMINGS: SessionTimings = { renewSeconds: 180, idleSeconds: 300, graceSeconds: 15 };

export type SessionCheck = { ok: true; session: Session } | { ok: false };

/**
 * ClassCharts sessions as clients meet them: short-lived ids renewed by ping, dying when left idle. All
 * windows run on the sandbox clock so tests can speed them up.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  logins = 0;
  pings = 0;

  constructor(
    private readonly clock: SandboxClock,
    readonly timings: SessionTimings,
  ) {}

  create(role: Role, accountId: number): Session {
    this.logins++;
    this.sweep();
    return this.issue(role, accountId);
  }

  /** Validates an id for a request of the given kind and records the use. */
  check(id: string | undefined, role: Role, kind: "data" | "ping"): SessionCheck {
    if (!id) return { ok: false };
    const session = this.sessions.get(id);
    if (!session || session.role !== role) return { ok: false };
    const now = this.clock.now();
    if (!this.alive(session, now)) {
      this.sessions.delete(id);
      return { ok: false };
    }
    if (kind === "data" && now - session.issuedAt > this.timings.renewSeconds * 1000) return { ok: false };
    session.lastSeenAt = now;
    return { ok: true, session };
  }

  /** Ping: a fresh id replaces the old one, which lingers for the grace period. */
  renew(session: Session): Session {
    this.pings++;
    const now = this.clock.now();
    session.supersededAt ??= now;
    this.sweep();
    return this.issue(session.role, session.accountId);
  }

  /** Ends every session at once (tests use it to simulate the service forgetting everyone). */
  expireAll(): void {
    this.sessions.clear();
  }

  get size(): number {
    return this.sessions.size;
  }

  private issue(role: Role, accountId: number): Session {
    const now = this.clock.now();
    const session: Session = {
      id: randomBytes(20).toString("base64url").replace(/[-_]/g, "x").slice(0, 26).toLowerCase(),
      role,
      accountId,
      issuedAt: now,
      lastSeenAt: now,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  private alive(session: Session, now: number): boolean {
    if (now - session.lastSeenAt > this.timings.idleSeconds * 1000) return false;
    if (session.supersededAt !== undefined && now - session.supersededAt > this.timings.graceSeconds * 1000)
      return false;
    return true;
  }

  /** Drops dead sessions so a long-running demo does not accumulate them. */
  private sweep(): void {
    const now = this.clock.now();
    for (const [id, session] of this.sessions) if (!this.alive(session, now)) this.sessions.delete(id);
  }
}
