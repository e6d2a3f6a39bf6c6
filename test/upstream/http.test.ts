import { describe, expect, it } from "vitest";
import { InvalidResponseError, MissingUpstreamScopeError, TimeoutError } from "../../src/errors.js";
import { createLogger } from "../../src/log.js";
import { UpstreamClient, UpstreamHttpError } from "../../src/upstream/index.js";
import {
  clientOptions,
  type FakeHandler,
  FakeServer,
  fakeUpstreamHarness,
  sendJson,
  sleep,
} from "./fake-server.js";

const { cleanups, setup } = fakeUpstreamHarness();

const SECRET = "Jamie Example, DOB 2014-03-02";

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(10);
  }
  return check();
}

describe("transport", () => {
  it("headers delayed past the timeout: Timeout within the bound, socket released", async () => {
    const { fake, client } = await setup(
      async (req, res) => {
        if (req.path === "/slow") await sleep(3_000);
        if (!res.destroyed) sendJson(res, 200, { ok: true });
      },
      { timeouts: { headersMs: 200 } },
    );
    const started = Date.now();
    const error = await client.request({ method: "GET", path: "/slow" }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1_000);
    // Not retried: a slow upstream is not helped by more load.
    expect(fake.count({ path: "/slow" })).toBe(1);
    // The socket that waited was closed, not left for the pool to hand out again.
    expect(await waitFor(() => fake.openSockets === 0, 1_000)).toBe(true);
    // The pool still works.
    const response = await client.request({ method: "GET", path: "/fast" });
    expect(response.data).toEqual({ ok: true });
  });

  it("a body trickling a byte at a time cannot hold a call past its deadline", async () => {
    const { client } = await setup(async (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
      for (let i = 0; i < 40 && !res.destroyed; i++) {
        await sleep(100);
        res.write(" ");
      }
      if (!res.destroyed) res.end("]");
    });
    const started = Date.now();
    const error = await client
      .request({ method: "GET", path: "/trickle" }, { scopeKey: "", maxWaitMs: 600 })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("body stalled past the body timeout: Timeout", async () => {
    const { client } = await setup(
      async (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"items": [');
        await sleep(2_000);
        if (!res.destroyed) res.end("]}");
      },
      { timeouts: { bodyMs: 200 } },
    );
    const started = Date.now();
    await expect(client.request({ method: "GET", path: "/stall" })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it.each([
    ["malformed JSON", "application/json", `{"name": "${SECRET}", `, "malformed JSON"],
    ["an HTML page with 200", "text/html; charset=utf-8", `<html><body>${SECRET}</body></html>`, "text/html"],
    ["an empty body", "application/json", "", "empty body"],
  ])("%s: InvalidResponse without the body's text", async (_name, type, body, detail) => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": type });
      res.end(body);
    });
    const error = await client.request({ method: "GET", path: "/x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    const message = (error as Error).message;
    expect(message).toContain(detail);
    expect(message).not.toContain("Jamie");
    expect(message).not.toContain("<html>");
    expect(JSON.stringify(error)).not.toContain("Jamie");
  });

  it.each([true, false])(
    "an oversized body (content-length declared: %s): InvalidResponse",
    async (declared) => {
      const big = JSON.stringify({ name: SECRET, pad: "x".repeat(50_000) });
      const { fake, client } = await setup(
        (_req, res) => {
          res.writeHead(200, {
            "content-type": "application/json",
            ...(declared ? { "content-length": Buffer.byteLength(big) } : {}),
          });
          res.end(big);
        },
        { maxBodyBytes: 10_000 },
      );
      const error = await client.request({ method: "GET", path: "/big" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as Error).message).toContain("larger than");
      expect((error as Error).message).not.toContain("Jamie");
      expect(fake.count()).toBe(1);
    },
  );

  it("a 302 comes back as a response with its cookies; redirects are not followed by default", async () => {
    const { fake, client } = await setup((req, res) => {
      if (req.path === "/login") {
        res.writeHead(302, {
          location: "/home",
          "set-cookie": [
            "session=abc; Path=/; HttpOnly",
            "prefs=a, b; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
          ],
        });
        res.end("<html>moved</html>");
        return;
      }
      sendJson(res, 200, { home: true });
    });
    const response = await client.request({
      method: "POST",
      path: "/login",
      form: { email: "a@b.c", password: "pw" },
      expect: "none",
      anonymous: true,
    });
    expect(response.status).toBe(302);
    expect(response.data).toBeUndefined();
    expect(response.setCookies).toEqual([
      "session=abc; Path=/; HttpOnly",
      "prefs=a, b; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
    ]);
    expect(fake.count({ path: "/home" })).toBe(0);
    expect(fake.requests[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(fake.requests[0]!.body).toBe("email=a%40b.c&password=pw");
  });

  it("redirect: follow follows same-origin redirects", async () => {
    const { client } = await setup((req, res) => {
      if (req.path === "/old") {
        res.writeHead(301, { location: "/new?x=1" });
        res.end();
        return;
      }
      sendJson(res, 200, { path: req.path, x: req.query.get("x") });
    });
    const response = await client.request({ method: "GET", path: "/old", redirect: "follow" });
    expect(response.data).toEqual({ path: "/new", x: "1" });
  });

  it("a redirect to another host is not followed", async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(302, { location: "http://example.invalid/steal" });
      res.end();
    });
    await expect(client.request({ method: "GET", path: "/old", redirect: "follow" })).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
  });

  it("mapError lets a provider turn a 403 body into MissingUpstreamScope; the default keeps the body", async () => {
    const handler: FakeHandler = (_req, res) =>
      sendJson(res, 403, { error: { code: "INVALID_SCOPE", message: "needs attendance:read", status: 403 } });
    const { client } = await setup(handler, {
      mapError: (status, body) => {
        const error = (body as { error?: { code?: string } } | undefined)?.error;
        if (status === 403 && error?.code === "INVALID_SCOPE")
          return new MissingUpstreamScopeError("CentreCareOS", "attendance:read");
        return undefined;
      },
    });
    const mapped = await client.request({ method: "GET", path: "/attendance" }).catch((e: unknown) => e);
    expect(mapped).toBeInstanceOf(MissingUpstreamScopeError);
    expect((mapped as MissingUpstreamScopeError).scope).toBe("attendance:read");

    const { client: plain } = await setup(handler);
    const raw = await plain.request({ method: "GET", path: "/attendance" }).catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(UpstreamHttpError);
    expect((raw as UpstreamHttpError).status).toBe(403);
    expect((raw as UpstreamHttpError).body).toEqual({
      error: { code: "INVALID_SCOPE", message: "needs attendance:read", status: 403 },
    });
    expect((raw as Error).message).not.toContain("needs attendance");
  });

  it("joins the base path, encodes the query, sends JSON bodies", async () => {
    const fake = await FakeServer.start((req, res) =>
      sendJson(res, 200, { path: req.path, q: req.query.toString(), body: req.body }),
    );
    const client = new UpstreamClient(clientOptions({ url: `${fake.url}/api/v2/` }));
    cleanups.push(
      () => fake.close(),
      () => client.close(),
    );
    const response = await client.request<{ path: string; q: string; body: string }>({
      method: "POST",
      path: "/students/search",
      query: { b: "x y", a: 1, skip: undefined, flag: true },
      json: { name: "A" },
    });
    expect(response.data.path).toBe("/api/v2/students/search");
    expect(response.data.q).toBe("a=1&b=x+y&flag=true");
    expect(response.data.body).toBe('{"name":"A"}');
    await expect(client.request({ method: "GET", path: "https://evil.example/x" })).rejects.toThrow(/path/);
  });

  it("expect: none discards the body; 204 has no data", async () => {
    const { client } = await setup((req, res) => {
      if (req.path === "/empty") {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>not json</html>");
    });
    expect((await client.request({ method: "GET", path: "/page", expect: "none" })).data).toBeUndefined();
    expect((await client.request({ method: "DELETE", path: "/empty" })).status).toBe(204);
  });

  it("a caller's abort signal stops the call", async () => {
    const { client } = await setup(async (_req, res) => {
      await sleep(1_000);
      if (!res.destroyed) sendJson(res, 200, {});
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("caller gave up")), 50);
    const started = Date.now();
    await expect(client.request({ method: "GET", path: "/slow", signal: controller.signal })).rejects.toThrow(
      "caller gave up",
    );
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("logs carry no query text, ids, tokens or bodies", async () => {
    const lines: string[] = [];
    let calls = 0;
    const { client } = await setup(
      (_req, res) => {
        calls++;
        if (calls === 1) sendJson(res, 503, { detail: SECRET });
        else sendJson(res, 200, { name: SECRET });
      },
      {
        logger: createLogger({ level: "debug", write: (line) => lines.push(line) }),
        authenticator: {
          async authorize(headers) {
            headers["authorization"] = "Bearer sk_live_abcdef";
          },
          async refresh() {},
        },
      },
    );
    await client.request({ method: "GET", path: "/students/5004/notes", query: { search: "Jamie" } });
    expect(lines.length).toBeGreaterThan(0);
    const text = lines.join("\n");
    for (const secret of ["Jamie", "5004", "sk_live", "DOB"]) expect(text).not.toContain(secret);
    expect(text).toContain("/students/:id/notes");
  });
});
