import { describe, expect, it } from "vitest";
import { UnauthorizedError } from "../../src/errors.js";
import {
  type Authenticator,
  createSingleFlight,
  UpstreamClient,
  type UpstreamClientConfig,
} from "../../src/upstream/index.js";
import { clientOptions, FakeServer, fakeUpstreamHarness, sendJson, sleep } from "./fake-server.js";

const { cleanups } = fakeUpstreamHarness();

/** An OAuth client-credentials authenticator shaped like a provider's: token requests go through the client. */
class TokenAuthenticator implements Authenticator {
  client!: UpstreamClient;
  token: string | undefined;
  private readonly flight = createSingleFlight<void>();

  async authorize(headers: Record<string, string>): Promise<void> {
    if (!this.token) await this.signIn();
    headers["authorization"] = `Bearer ${this.token}`;
  }

  async refresh(): Promise<void> {
    this.token = undefined;
    await this.signIn();
  }

  private signIn(): Promise<void> {
    return this.flight.run("token", async () => {
      const response = await this.client.request<{ access_token: string }>({
        method: "POST",
        path: "/token",
        form: { grant_type: "client_credentials", client_id: "id", client_secret: "secret" },
        anonymous: true,
      });
      this.token = response.data.access_token;
    });
  }
}

/** Issues tokens; the API accepts only the current one, and `expire()` makes it stale. */
async function tokenServer(options: { jitterMs?: number; alwaysReject?: boolean } = {}) {
  const state = { current: "", issued: 0 };
  const fake = await FakeServer.start(async (req, res) => {
    if (req.path === "/token") {
      await sleep(20);
      state.issued++;
      state.current = `token-${state.issued}`;
      return sendJson(res, 200, { access_token: state.current, expires_in: 3600 });
    }
    if (options.jitterMs) await sleep(Math.random() * options.jitterMs);
    const sent = req.headers.authorization;
    if (options.alwaysReject || sent !== `Bearer ${state.current}`) {
      return sendJson(res, 401, { error: "invalid_token" });
    }
    sendJson(res, 200, { path: req.path });
  });
  return {
    fake,
    state,
    expire() {
      state.current = "revoked";
    },
  };
}

function authedClient(fake: FakeServer, overrides: Partial<UpstreamClientConfig> = {}) {
  const auth = new TokenAuthenticator();
  const client = new UpstreamClient(clientOptions(fake, { authenticator: auth, ...overrides }));
  auth.client = client;
  cleanups.push(
    () => fake.close(),
    () => client.close(),
  );
  return { auth, client };
}

describe("authentication", () => {
  it("token expired with 20 calls in flight: one token request, 20 successes", async () => {
    const { fake, state, expire } = await tokenServer({ jitterMs: 120 });
    const { client } = authedClient(fake);
    await client.request({ method: "GET", path: "/warmup" });
    expect(state.issued).toBe(1);

    expire();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.request<{ path: string }>({ method: "GET", path: `/data/${i}` }),
      ),
    );
    expect(results.map((r) => r.data.path)).toEqual(Array.from({ length: 20 }, (_, i) => `/data/${i}`));
    expect(state.issued).toBe(2);
    expect(fake.count({ path: "/token" })).toBe(2);
  });

  it("20 calls on a cold start sign in once", async () => {
    const { fake, state } = await tokenServer();
    const { client } = authedClient(fake);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.request({ method: "GET", path: `/d/${i}` })),
    );
    expect(state.issued).toBe(1);
  });

  it("still refused after one refresh: Unauthorized, no loop", async () => {
    const { fake, state } = await tokenServer({ alwaysReject: true });
    const { client } = authedClient(fake);
    const error = await client.request({ method: "GET", path: "/data" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(fake.count({ path: "/data" })).toBe(2);
    expect(state.issued).toBe(2);
  });

  it("a rejected sign-in is Unauthorized at once", async () => {
    const fake = await FakeServer.start((req, res) =>
      req.path === "/token" ? sendJson(res, 401, { error: "invalid_client" }) : sendJson(res, 200, {}),
    );
    const { client } = authedClient(fake);
    await expect(client.request({ method: "GET", path: "/data" })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(fake.count({ path: "/token" })).toBe(1);
    expect(fake.count({ path: "/data" })).toBe(0);
  });

  it("signing in does not deadlock a concurrency of one", async () => {
    const { fake, state } = await tokenServer();
    const { client } = authedClient(fake, {
      rateLimit: { windows: [], concurrency: 1, maxQueueWaitMs: 2_000 },
    });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => client.request({ method: "GET", path: `/d/${i}` })),
    );
    expect(state.issued).toBe(1);
  });

  it("a provider's 'not logged in' 200 body triggers one refresh and a replay", async () => {
    let session = "old";
    let logins = 0;
    const fake = await FakeServer.start((req, res) => {
      if (req.path === "/login") {
        logins++;
        session = `s${logins}`;
        return sendJson(res, 200, { success: 1, session });
      }
      if (req.headers.authorization !== `Basic ${session}`) {
        return sendJson(res, 200, { success: 0, error: "Session expired" });
      }
      sendJson(res, 200, { success: 1, data: [1, 2] });
    });
    let current = "stale";
    const client: UpstreamClient = new UpstreamClient(
      clientOptions(fake, {
        authenticator: {
          async authorize(headers) {
            headers["authorization"] = `Basic ${current}`;
          },
          async refresh() {
            const r = await client.request<{ session: string }>({
              method: "POST",
              path: "/login",
              anonymous: true,
            });
            current = r.data.session;
          },
          isAuthFailure: (status, body) => status === 200 && (body as { success?: number })?.success === 0,
        },
      }),
    );
    cleanups.push(
      () => fake.close(),
      () => client.close(),
    );
    const response = await client.request<{ data: number[] }>({ method: "GET", path: "/homework" });
    expect(response.data.data).toEqual([1, 2]);
    expect(logins).toBe(1);
    expect(fake.count({ path: "/homework" })).toBe(2);
  });
});
