import { z } from "zod";
import { ZAttributeKey, defineNode, next } from "../../define-node";
import { templateProblems } from "../../template";

export const ZHttpRequest = z.object({
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST"),
  /** Tokens are URL-encoded: https://api.example.com/users/{telegram_id}. */
  url: z.string().trim().min(1, "give the URL").max(2048),
  headers: z.array(z.object({ name: z.string().trim().regex(/^[A-Za-z0-9-]{1,64}$/, "a header name is letters, digits and -"), value: z.string().max(2000) })).max(20).default([]),
  /** A JSON template; tokens are filled as JSON string contents. */
  body: z.string().max(20000).default(""),
  timeoutMs: z.number().int().min(500).max(30_000).default(10_000),
  /** Response fields (a dotted path such as data.id or items.0.name) stored in attributes. */
  save: z.array(z.object({ path: z.string().trim().min(1).max(200), attribute: ZAttributeKey })).max(20).default([]),
});

export const httpRequest = defineNode({
  type: "http-request",
  category: "integration",
  label: "HTTP request",
  description: "Calls a URL with a templated JSON body, stores response fields in attributes; errors and timeouts take the error output.",
  icon: "⇄",
  schema: ZHttpRequest,
  defaults: (): z.output<typeof ZHttpRequest> => ({ method: "POST", url: "https://example.com/hook", headers: [], body: '{"telegram_id": "{telegram_id}"}', timeoutMs: 10_000, save: [] }),
  outputs: () => [next("Success"), { id: "error", label: "Error or timeout", required: false }],
  check: (d) => {
    const problems = [...templateProblems(d.url), ...templateProblems(d.body).map((p) => `body: ${p}`)];
    if (!/^https?:\/\//.test(d.url)) problems.push("the URL must start with http:// or https://");
    if (d.body.trim() !== "" && d.method !== "GET") {
      try {
        JSON.parse(d.body.replace(/\{\{|\{[a-z_]+(?:\.[A-Za-z0-9_]+)?(?:\|[^{}]*)?\}/g, "x"));
      } catch {
        problems.push("the body is not valid JSON (tokens go inside strings: \"{first_name}\")");
      }
    }
    if (d.method === "GET" && d.body.trim() !== "") problems.push("a GET request has no body");
    return problems;
  },
  summary: (d) => `${d.method} ${d.url.replace(/^https?:\/\//, "").slice(0, 50)}`,
});

/** Reads a dotted path (data.items.0.id) from a parsed JSON response. */
export function readPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
