/**
 * Sandbox time is the shared clock (`src/time/clock.ts`): `scale` speeds up every window the simulated
 * providers enforce (token expiry, rate limits, session lapses), and a pinned start puts the sandbox, and
 * the connectors given the same clock, at any instant. "Today" is the provider-local date of `now()`, and
 * nothing the sandbox serves is dated after `now()`.
 */
import { createClock, type ScaledClock } from "../../time/clock.js";

export type SandboxClock = ScaledClock;
export { createClock };
