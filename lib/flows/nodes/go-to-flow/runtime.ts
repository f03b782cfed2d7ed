import { defineRuntime } from "../../runtime/types";
import { goToFlow } from "./definition";

export const goToFlowRuntime = defineRuntime(goToFlow, {
  async run(d) {
    return { goto: d.flowId };
  },
});
