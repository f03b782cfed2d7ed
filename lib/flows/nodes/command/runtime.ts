import { defineRuntime } from "../../runtime/types";
import { commandTrigger } from "./definition";

/** A trigger only starts the flow: matching is compiled into grammY handlers (runtime/compile.ts). */
export const commandTriggerRuntime = defineRuntime(commandTrigger, {
  async run() {
    return { next: "next" };
  },
});
