// Typed access to Bot API parameters, which arrive as JSON values or as strings
// (query string, urlencoded and multipart bodies carry everything as text).
import { E, badRequest } from "./errors";
import type { RawParams } from "./http/body";
import type { UploadedFile } from "./http/multipart";

export class Params {
  constructor(private readonly raw: RawParams) {}

  static of(values: Record<string, unknown>): Params {
    return new Params({ values, files: new Map() });
  }

  has(name: string): boolean {
    const v = this.raw.values[name];
    return v !== undefined && v !== null && v !== "";
  }

  str(name: string): string | undefined {
    const v = this.raw.values[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return JSON.stringify(v);
  }

  int(name: string): number | undefined {
    const v = this.raw.values[name];
    if (v === undefined || v === null || v === "") return undefined;
    const n = typeof v === "number" ? v : typeof v === "string" ? Number(v.trim()) : NaN;
    if (!Number.isInteger(n)) throw badRequest(`invalid ${name} specified`);
    return n;
  }

  bool(name: string): boolean {
    const v = this.raw.values[name];
    return v === true || v === 1 || v === "true" || v === "1" || v === "True";
  }

  /** Object/array parameters may come as JSON text (multipart) or as JSON. */
  json(name: string, onError: () => Error = () => badRequest(`can't parse ${name} JSON object`)): unknown {
    const v = this.raw.values[name];
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      throw onError();
    }
  }

  /** chat_id as a number; "@username" never resolves for private chats. */
  chatId(name = "chat_id"): number {
    const v = this.raw.values[name];
    if (v === undefined || v === null || v === "") throw name === "chat_id" ? E.chatIdEmpty() : badRequest(`${name} is empty`);
    const n = typeof v === "number" ? v : typeof v === "string" ? Number(v.trim()) : NaN;
    if (!Number.isSafeInteger(n)) throw E.chatNotFound();
    return n;
  }

  /** An uploaded file, either directly under `name` or via "attach://<id>". */
  upload(name: string): UploadedFile | undefined {
    const direct = this.raw.files.get(name);
    if (direct) return direct;
    const v = this.raw.values[name];
    if (typeof v === "string" && v.startsWith("attach://")) return this.raw.files.get(v.slice(9));
    return undefined;
  }
}
