import { z } from "zod";
import { defineNode } from "../../define-node";

export const ZEnd = z.object({});

export const end = defineNode({
  type: "end",
  category: "logic",
  label: "End",
  description: "Ends the flow for this user.",
  icon: "■",
  schema: ZEnd,
  defaults: (): z.output<typeof ZEnd> => ({}),
  outputs: () => [],
  summary: () => "end of the flow",
});
