import { defineRuntime } from "../../runtime/types";
import { buttonClickTrigger } from "./definition";

/** A trigger only starts the flow: matching is compiled into grammY handlers (runtime/compile.ts). */
export const buttonClickTriggerRuntime = defineRuntime(buttonClickTrigger, {
  async run() {
    return { next: "next" };
  },
});
