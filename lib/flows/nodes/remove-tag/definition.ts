import { z } from "zod";
import { ZTagName, defineNode, next } from "../../define-node";

export const ZRemoveTag = z.object({ tag: ZTagName });

export const removeTag = defineNode({
  type: "remove-tag",
  category: "data",
  label: "Remove tag",
  description: "Removes a tag from the user, if they have it.",
  icon: "⌫",
  schema: ZRemoveTag,
  defaults: (): z.output<typeof ZRemoveTag> => ({ tag: "" }),
  outputs: () => [next()],
  summary: (d) => `− ${d.tag || "…"}`,
});
