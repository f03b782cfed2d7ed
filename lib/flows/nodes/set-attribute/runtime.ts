import { defineRuntime } from "../../runtime/types";
import { setAttribute as store } from "../../runtime/effects";
import { renderTemplate } from "../../template";
import { setAttribute } from "./definition";

/** The typed value, or null when the rendered text does not fit the type (the attribute is then cleared). */
export function typedValue(text: string, type: "text" | "number" | "boolean" | "date"): string | number | boolean | null {
  switch (type) {
    case "text":
      return text;
    case "number": {
      const n = Number(text.trim());
      return text.trim() !== "" && Number.isFinite(n) ? n : null;
    }
    case "boolean": {
      const t = text.trim().toLowerCase();
      return t === "true" || t === "yes" ? true : t === "false" || t === "no" ? false : null;
    }
    case "date": {
      const ms = Date.parse(text.trim());
      return Number.isNaN(ms) ? null : new Date(ms).toISOString();
    }
  }
}

export const setAttributeRuntime = defineRuntime(setAttribute, {
  async run(d, _node, ctx) {
    await store(ctx, d.key, typedValue(renderTemplate(d.value, ctx.user), d.valueType));
    return { next: "next" };
  },
});
