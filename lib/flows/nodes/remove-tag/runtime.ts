import { defineRuntime } from "../../runtime/types";
import { changeTag } from "../../runtime/effects";
import { removeTag } from "./definition";

export const removeTagRuntime = defineRuntime(removeTag, {
  async run(d, _node, ctx) {
    await changeTag(ctx, d.tag, "remove");
    return { next: "next" };
  },
});
