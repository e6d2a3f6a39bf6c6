import { afterEach, describe, expect, it } from "vitest";
import { UnauthorizedError } from "../../src/errors.js";
import { context, type Harness, startHarness } from "./hubmis-harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("HUBmis check", () => {
  it("signs in even when the academic year is configured, so a wrong secret is never reported healthy", async () => {
    harness = await startHarness(150);
    const wrong = harness.connect({ clientSecret: "not-the-secret-0123456789", academicYearId: "12" });
    await expect(wrong.check(context())).rejects.toBeInstanceOf(UnauthorizedError);
    const right = harness.connect({ academicYearId: "12" });
    const tokensBefore = harness.hits("/token");
    await expect(right.check(context())).resolves.toMatchObject({
      detail: expect.stringMatching(/signed in/),
    });
    expect(harness.hits("/token")).toBeGreaterThan(tokensBefore);
  });
});
