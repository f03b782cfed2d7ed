import { describe, expect, it } from "vitest";
import { batched, uniqueRuns } from "@/lib/db/batched";

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("batched", () => {
  it("calls of the same moment share one runMany, each getting its own result", async () => {
    const calls: number[][] = [];
    const double = batched<number, number>(async (items) => {
      calls.push([...items]);
      return items.map((n) => n * 2);
    });
    const results = await Promise.all([1, 2, 3, 4].map(double));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(calls).toEqual([[1, 2, 3, 4]]);
  });

  it("calls a turn of the event loop apart run separately", async () => {
    const calls: string[][] = [];
    const echo = batched<string, string>(async (items) => {
      calls.push([...items]);
      return [...items];
    });
    const first = echo("a");
    await turn();
    await turn();
    const second = echo("b");
    expect(await Promise.all([first, second])).toEqual(["a", "b"]);
    expect(calls).toEqual([["a"], ["b"]]);
  });

  it("a failing shared statement is retried item by item: only the bad item fails", async () => {
    const calls: string[][] = [];
    const write = batched<string, string>(async (items) => {
      calls.push([...items]);
      if (items.includes("bad")) throw new Error("violates a constraint");
      return items.map((s) => s.toUpperCase());
    });
    const results = await Promise.allSettled(["x", "bad", "y"].map(write));
    expect(results).toEqual([
      { status: "fulfilled", value: "X" },
      { status: "rejected", reason: new Error("violates a constraint") },
      { status: "fulfilled", value: "Y" },
    ]);
    expect(calls).toEqual([["x", "bad", "y"], ["x"], ["bad"], ["y"]]);
  });

  it("splits large moments at maxBatchSize", async () => {
    const sizes: number[] = [];
    const id = batched<number, number>(
      async (items) => {
        sizes.push(items.length);
        return [...items];
      },
      { maxBatchSize: 3 },
    );
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map(id))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([3, 3, 1]);
  });
});

describe("uniqueRuns", () => {
  it("puts no key twice in a part and keeps each key's order", () => {
    const items = ["a1", "b1", "a2", "c1", "a3", "b2"];
    expect(uniqueRuns(items, (s) => s[0]!)).toEqual([["a1", "b1", "c1"], ["a2", "b2"], ["a3"]]);
  });

  it("one part when every key is new", () => {
    expect(uniqueRuns([1, 2, 3], String)).toEqual([[1, 2, 3]]);
    expect(uniqueRuns([], String)).toEqual([]);
  });
});
