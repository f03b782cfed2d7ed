import { z } from "zod";
import { defineNode } from "../../define-node";

export const ZGoToFlow = z.object({ flowId: z.string().trim().min(1, "choose a flow") });

export const goToFlow = defineNode({
  type: "go-to-flow",
  category: "logic",
  label: "Go to flow",
  description: "Continues in another published flow, from its trigger.",
  icon: "↪",
  schema: ZGoToFlow,
  defaults: (): z.output<typeof ZGoToFlow> => ({ flowId: "" }),
  outputs: () => [],
  check: (d, ctx) => {
    const target = ctx.flows.get(d.flowId);
    if (!target) return ["the flow to go to does not exist"];
    if (!target.published) return [`the flow “${target.name}” is not published`];
    return [];
  },
  summary: (d) => (d.flowId ? "→ another flow" : "choose a flow"),
});
