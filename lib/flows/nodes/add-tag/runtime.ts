import { defineRuntime } from "../../runtime/types";
import { changeTag } from "../../runtime/effects";
import { addTag } from "./definition";

export const addTagRuntime = defineRuntime(addTag, {
  async run(d, _node, ctx) {
    await changeTag(ctx, d.tag, "add");
    return { next: "next" };
  },
});
