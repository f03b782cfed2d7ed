// Reads request bodies and turns any Bot API encoding into one parameter bag.
import type { IncomingMessage } from "node:http";
import { badRequest } from "../errors";
import { boundaryOf, parseMultipart, type UploadedFile } from "./multipart";

const MAX_BODY_BYTES = 60 * 1024 * 1024;

export interface RawParams {
  values: Record<string, unknown>;
  files: Map<string, UploadedFile>;
}

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError("request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Query string + JSON / urlencoded / multipart body (the body wins on clashes). */
export async function readParams(req: IncomingMessage, url: URL): Promise<RawParams> {
  const values: Record<string, unknown> = {};
  let files = new Map<string, UploadedFile>();
  for (const [key, value] of url.searchParams) values[key] = value;
  if (req.method === "GET" || req.method === "HEAD") return { values, files };
  const body = await readBody(req);
  if (body.length === 0) return { values, files };
  const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
  if (contentType.startsWith("multipart/form-data")) {
    const boundary = boundaryOf(String(req.headers["content-type"]));
    if (!boundary) throw badRequest("bad multipart/form-data request: no boundary");
    const parsed = parseMultipart(body, boundary);
    Object.assign(values, parsed.fields);
    files = parsed.files;
  } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) values[key] = value;
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) Object.assign(values, parsed);
  }
  return { values, files };
}
