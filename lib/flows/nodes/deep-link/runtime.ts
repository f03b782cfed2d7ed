import { defineRuntime } from "../../runtime/types";
import { deepLinkTrigger } from "./definition";

/** A trigger only starts the flow: matching is compiled into grammY handlers (runtime/compile.ts). */
export const deepLinkTriggerRuntime = defineRuntime(deepLinkTrigger, {
  async run() {
    return { next: "next" };
  },
});
