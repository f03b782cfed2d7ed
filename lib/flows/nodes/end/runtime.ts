import { defineRuntime } from "../../runtime/types";
import { end } from "./definition";

export const endRuntime = defineRuntime(end, {
  async run() {
    return { end: true };
  },
});
