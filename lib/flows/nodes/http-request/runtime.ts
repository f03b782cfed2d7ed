import { log } from "../../../log";
import { defineRuntime } from "../../runtime/types";
import { setAttribute } from "../../runtime/effects";
import { renderTemplate } from "../../template";
import { httpRequest, readPath } from "./definition";

const jsonString = (s: string) => JSON.stringify(s).slice(1, -1);

export const httpRequestRuntime = defineRuntime(httpRequest, {
  async run(d, node, ctx) {
    const url = renderTemplate(d.url, ctx.user, encodeURIComponent);
    const headers: Record<string, string> = { "user-agent": "Tagflow flow", accept: "application/json" };
    for (const h of d.headers) headers[h.name.toLowerCase()] = renderTemplate(h.value, ctx.user);
    let body: string | undefined;
    if (d.method !== "GET" && d.body.trim() !== "") {
      body = renderTemplate(d.body, ctx.user, jsonString);
      headers["content-type"] ??= "application/json";
    }
    try {
      const res = await fetch(url, { method: d.method, headers, body, signal: AbortSignal.timeout(d.timeoutMs), redirect: "follow" });
      const text = await res.text();
      if (!res.ok) {
        log.info("flow http request failed", { flowId: ctx.version.flowId, nodeId: node.id, status: res.status });
        return { next: "error" };
      }
      if (d.save.length > 0) {
        let parsed: unknown;
        try {
          parsed = text === "" ? null : JSON.parse(text);
        } catch {
          return { next: "error" };
        }
        for (const s of d.save) {
          const v = readPath(parsed, s.path);
          const value = v === undefined ? null : typeof v === "object" && v !== null ? JSON.stringify(v) : (v as string | number | boolean | null);
          await setAttribute(ctx, s.attribute, value);
        }
      }
      return { next: "next" };
    } catch (e) {
      log.info("flow http request failed", { flowId: ctx.version.flowId, nodeId: node.id, error: e instanceof Error ? e.message : String(e) });
      return { next: "error" };
    }
  },
});
