import { defineRuntime } from "../../runtime/types";
import { keywordTrigger } from "./definition";

/** A trigger only starts the flow: matching is compiled into grammY handlers (runtime/compile.ts). */
export const keywordTriggerRuntime = defineRuntime(keywordTrigger, {
  async run() {
    return { next: "next" };
  },
});
