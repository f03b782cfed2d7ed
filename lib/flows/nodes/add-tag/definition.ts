import { z } from "zod";
import { ZTagName, defineNode, next } from "../../define-node";

export const ZAddTag = z.object({ tag: ZTagName });

export const addTag = defineNode({
  type: "add-tag",
  category: "data",
  label: "Add tag",
  description: "Tags the user (the tag is created if it does not exist), recorded as applied by this flow.",
  icon: "🏷",
  schema: ZAddTag,
  defaults: (): z.output<typeof ZAddTag> => ({ tag: "" }),
  outputs: () => [next()],
  summary: (d) => `+ ${d.tag || "…"}`,
});
