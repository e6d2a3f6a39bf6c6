import { describe, expect, it } from "vitest";
import { RateLimitedError } from "../../src/errors.js";
import { BackgroundWork } from "../../src/upstream/index.js";

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe("background work", () => {
  it("fetches each item once, keeps the results for the next ask, and waits out a rate limit", async () => {
    const work = new BackgroundWork<string>({ maxPauseMs: 20 });
    const asked: string[] = [];
    let refusals = 1;
    const fetch = async (item: string) => {
      if (item === "b" && refusals-- > 0) throw new RateLimitedError("HUBmis", 1);
      asked.push(item);
      return `register of ${item}`;
    };
    work.continueInBackground("q", ["a", "b", "c"], fetch);
    // Asked again while running: nothing is added twice.
    work.continueInBackground("q", ["a", "b", "c"], fetch);
    await until(() => work.status("q")?.running === false);
    expect([...asked].sort()).toEqual(["a", "b", "c"]);
    expect(work.results("q").get("b")).toBe("register of b");
    expect(work.status("q")).toMatchObject({ done: 3, remaining: 0 });
    expect(work.results("other question").size).toBe(0);
  });

  it("hands what is pending to the answer that takes over, and stops at another failure", async () => {
    const work = new BackgroundWork<number>({ parallel: 1 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const asked: string[] = [];
    work.continueInBackground("q", ["1", "2", "3"], async (item) => {
      asked.push(item);
      await gate;
      return Number(item);
    });
    work.takeOver("q");
    release();
    await until(() => work.status("q")?.running === false);
    // The request already sent finished and was kept; the rest was left to the answer.
    expect(asked).toEqual(["1"]);
    expect([...work.results("q").keys()]).toEqual(["1"]);

    work.continueInBackground("broken", ["x", "y"], async () => {
      throw new Error("HUBmis answered 500");
    });
    await until(() => work.status("broken")?.running === false);
    expect(work.status("broken")).toMatchObject({ done: 0, remaining: 0, failed: "HUBmis answered 500" });
  });
});
