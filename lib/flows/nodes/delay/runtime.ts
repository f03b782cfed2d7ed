import { defineRuntime } from "../../runtime/types";
import { delay, delayMs } from "./definition";

export const delayRuntime = defineRuntime(delay, {
  async run(d, _node, ctx) {
    // The engine stores the run and queues its resume job; "Then" follows when it fires.
    return { waitDelay: new Date(ctx.now().getTime() + delayMs(d)) };
  },
  async resume() {
    return { next: "next" };
  },
});
