import net from "node:net";

export const REDIS_URL = "redis://127.0.0.1:6379";

/** PINGs the local Redis; false when nothing answers. */
export function redisReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: 6379 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("connect", () => {
      socket.write("PING\r\n");
      socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
    });
    socket.once("error", () => done(false));
  });
}

/**
 * Redis-backed tests run whenever Redis answers and must run in CI: there a missing Redis is an error,
 * elsewhere the skip is printed with its reason.
 */
export async function requireRedisInCi(what: string): Promise<boolean> {
  const ok = await redisReachable();
  if (!ok) {
    if (process.env["CI"]) throw new Error(`Redis is not reachable at ${REDIS_URL}; ${what} must run in CI.`);
    console.log(`Skipping ${what}: nothing answers at ${REDIS_URL} (set CI=1 to make this an error).`);
  }
  return ok;
}
