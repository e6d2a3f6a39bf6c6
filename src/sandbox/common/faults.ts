import type { IncomingMessage, ServerResponse } from "node:http";
import type { Random } from "./random.js";

export type ScriptedFault = "503" | "429" | "reset" | "stall" | "malformed";

export interface FaultSettings {
  /** Fixed latency added to every answer, ms. */
  latencyMs: number;
  /** Extra random latency in [0, jitterMs). */
  jitterMs: number;
  /** Probability that a request answers 503. */
  errorRate: number;
}

/**
 * Fault controls for one sandbox server, settable in-process (tests) and over HTTP at
 * `POST /__sandbox/faults` (the command line). Scripted faults fire for the next N requests, in order.
 */
export class FaultControls {
  settings: FaultSettings = { latencyMs: 0, jitterMs: 0, errorRate: 0 };
  private readonly queue: ScriptedFault[] = [];
  private readonly stalled = new Set<ServerResponse>();

  constructor(private readonly random: Random) {}

  set(settings: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  /** The next `count` requests suffer `fault`. */
  script(fault: ScriptedFault, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push(fault);
  }

  reset(): void {
    this.settings = { latencyMs: 0, jitterMs: 0, errorRate: 0 };
    this.queue.length = 0;
    this.releaseStalled();
  }

  pending(): number {
    return this.queue.length;
  }

  /** Ends connections held open by "stall" faults (called on close). */
  releaseStalled(): void {
    for (const res of this.stalled) res.destroy();
    this.stalled.clear();
  }

  /**
   * Applies latency and faults. Returns true when the fault answered (or killed) the request and the
   * handler must not run.
   */
  async apply(_req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const { latencyMs, jitterMs, errorRate } = this.settings;
    const delay = latencyMs + (jitterMs > 0 ? this.random.next() * jitterMs : 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const fault = this.queue.shift();
    if (fault === undefined && errorRate > 0 && this.random.chance(errorRate)) return answer503(res);
    switch (fault) {
      case undefined:
        return false;
      case "503":
        return answer503(res);
      case "429":
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        res.end(JSON.stringify({ error: "Too Many Requests" }));
        return true;
      case "reset":
        res.socket?.destroy();
        return true;
      case "stall":
        // Never answer: the client's headers timeout must fire.
        this.stalled.add(res);
        res.on("close", () => this.stalled.delete(res));
        return true;
      case "malformed":
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"data": [ {"id": 1, ');
        return true;
    }
  }
}

function answer503(res: ServerResponse): true {
  res.writeHead(503, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: "Service Unavailable" }));
  return true;
}

export const ScriptedFaults: readonly ScriptedFault[] = ["503", "429", "reset", "stall", "malformed"];
