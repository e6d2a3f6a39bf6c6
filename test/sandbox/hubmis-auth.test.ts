import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClock } from "../../src/sandbox/common/clock.js";
import { DEMO_FORM, type RawHubmis, startRaw, WEDNESDAY_AFTERNOON } from "./hubmis-http.js";

/** Raw HTTP: client_credentials tokens, their expiry on the sandbox clock, and the Realm header. */

let hub: RawHubmis;
// Time runs 60x: a 30 s token lives half a second of real time.
const clock = createClock(60, WEDNESDAY_AFTERNOON);

beforeAll(async () => {
  hub = await startRaw({ clock, tokenTtlSeconds: 30 });
});
afterAll(async () => {
  await hub.close();
});

describe("HUBmis sandbox sign-in", () => {
  it("issues a bearer token for a form-encoded or JSON client_credentials request", async () => {
    for (const asJson of [false, true]) {
      const response = await hub.token(DEMO_FORM, asJson);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "token_type"]);
      expect(body["token_type"]).toBe("Bearer");
      expect(body["expires_in"]).toBe(30);
      expect(typeof body["access_token"]).toBe("string");
    }
  });

  it("answers 401 invalid_client for a wrong secret or unknown client, without echoing the secret", async () => {
    for (const body of [
      { ...DEMO_FORM, client_secret: "not-the-secret" },
      { ...DEMO_FORM, client_id: "nobody" },
    ]) {
      const response = await hub.token(body);
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        error: "invalid_client",
        message: "Client authentication failed",
        status_code: 401,
      });
      expect(text).not.toContain("not-the-secret");
    }
  });

  it("refuses other grant types and GET on the token endpoint", async () => {
    const password = await hub.token({ ...DEMO_FORM, grant_type: "password" });
    expect(password.status).toBe(400);
    expect(((await password.json()) as { error: string }).error).toBe("unsupported_grant_type");
    const get = await fetch(`${hub.base}/token`);
    expect(get.status).toBe(405);
  });

  it("needs a valid bearer token on every API call", async () => {
    const none = await fetch(`${hub.base}/students`, { headers: { realm: "S999" } });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: "unauthenticated",
      message: "Unauthenticated.",
      status_code: 401,
    });
    const forged = await fetch(`${hub.base}/students`, {
      headers: { realm: "S999", authorization: "Bearer forged" },
    });
    expect(forged.status).toBe(401);
  });

  it("expires tokens after their lifetime on the sandbox clock, then a new token works", async () => {
    const token = await hub.signIn();
    const call = () =>
      fetch(`${hub.base}/academic-years`, { headers: { authorization: `Bearer ${token}`, realm: "S999" } });
    expect((await call()).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, clock.toRealMs(31_000) + 20));
    const expired = await call();
    expect(expired.status).toBe(401);
    const fresh = await hub.signIn();
    expect(fresh).not.toBe(token);
    expect((await hub.get("/academic-years")).status).toBe(200);
  });

  it("requires the Realm header and names an unknown realm", async () => {
    await hub.signIn();
    const missing = await hub.getJson<{ error: string }>("/students", { realm: "" });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe("realm_required");
    const unknown = await hub.getJson<{ error: string; message: string }>("/students", { realm: "S123" });
    expect(unknown.status).toBe(403);
    expect(unknown.body.error).toBe("invalid_realm");
    expect(unknown.body.message).toContain("S123");
  });

  it("honours the academic-year-id header and rejects one that names no year", async () => {
    await hub.signIn();
    const years = await hub.getJson<Array<{ id: number; is_current: boolean }>>("/academic-years");
    const past = years.body.find((y) => !y.is_current);
    const current = years.body.find((y) => y.is_current);
    expect(past && current).toBeTruthy();
    const now = await hub.getJson<unknown[]>("/students?page[size]=5", {
      "academic-year-id": String(current?.id),
    });
    expect(now.body).toHaveLength(5);
    const before = await hub.getJson<unknown[]>("/students?page[size]=5", {
      "academic-year-id": String(past?.id),
    });
    expect(before.body).toEqual([]);
    const bad = await hub.getJson<{ error: string }>("/students", { "academic-year-id": "9999" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_academic_year");
  });

  it("is read-only: writes answer 405 in the API's error shape", async () => {
    const token = await hub.signIn();
    const response = await fetch(`${hub.base}/students`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, realm: "S999", "content-type": "application/json" },
      body: JSON.stringify({ first_name: "X" }),
    });
    expect(response.status).toBe(405);
    expect(((await response.json()) as { status_code: number }).status_code).toBe(405);
  });
});
