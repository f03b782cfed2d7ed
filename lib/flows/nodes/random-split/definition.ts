import { z } from "zod";
import { ZItemId, defineNode } from "../../define-node";

export const ZRandomSplit = z.object({
  branches: z
    .array(z.object({ id: ZItemId, label: z.string().trim().min(1).max(40), percent: z.number().int().min(0).max(100) }))
    .min(2, "a split needs at least two branches")
    .max(6),
});

export const branchOutput = (id: string) => `b-${id}`;

export const randomSplit = defineNode({
  type: "random-split",
  category: "logic",
  label: "Random split",
  description: "Sends each user down one branch at random, by percentage (A/B tests).",
  icon: "⚂",
  schema: ZRandomSplit,
  defaults: (): z.output<typeof ZRandomSplit> => ({
    branches: [
      { id: "a", label: "A", percent: 50 },
      { id: "b", label: "B", percent: 50 },
    ],
  }),
  outputs: (d) => d.branches.map((b) => ({ id: branchOutput(b.id), label: `${b.label} · ${b.percent}%`, required: true })),
  check: (d) => {
    const sum = d.branches.reduce((s, b) => s + b.percent, 0);
    const problems = sum === 100 ? [] : [`the percentages add up to ${sum}, not 100`];
    if (new Set(d.branches.map((b) => b.id)).size !== d.branches.length) problems.push("two branches share an id");
    return problems;
  },
  summary: (d) => d.branches.map((b) => `${b.label} ${b.percent}%`).join(" / "),
});

/** The branch for a random number r in [0, 1). */
export function pickBranch<B extends { percent: number }>(branches: readonly B[], r: number): B {
  let acc = 0;
  for (const b of branches) {
    acc += b.percent / 100;
    if (r < acc) return b;
  }
  return branches[branches.length - 1]!;
}
