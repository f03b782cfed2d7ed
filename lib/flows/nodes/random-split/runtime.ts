import { defineRuntime } from "../../runtime/types";
import { branchOutput, pickBranch, randomSplit } from "./definition";

export const randomSplitRuntime = defineRuntime(randomSplit, {
  async run(d, _node, ctx) {
    return { next: branchOutput(pickBranch(d.branches, ctx.random()).id) };
  },
});
