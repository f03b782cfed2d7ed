// Maps results and errors of route handlers to HTTP responses, once.
import { NextResponse } from "next/server";
import { ZodError, type z } from "zod";
import { AppError, isAppError } from "../errors/app-error";
import { formatPath } from "../errors/format-path";
import { log } from "../log";

export type TErrorBody = { error: { code: string; message: string; details?: unknown } };

function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

export function ok(data: unknown, status = 200): NextResponse {
  return NextResponse.json(jsonSafe(data), { status });
}

export function errorResponse(e: unknown, context?: Record<string, unknown>): NextResponse<TErrorBody> {
  if (isAppError(e)) {
    return NextResponse.json({ error: { code: e.code, message: e.message, details: e.details } }, { status: e.status });
  }
  if (e instanceof ZodError) {
    const err = zodToAppError(e);
    return NextResponse.json({ error: { code: err.code, message: err.message, details: err.details } }, { status: 400 });
  }
  log.error("unhandled error in route handler", { ...context, error: e instanceof Error ? e.stack : String(e) });
  return NextResponse.json(
    { error: { code: "INTERNAL", message: "Something went wrong on our side. It has been logged." } },
    { status: 500 },
  );
}

export function zodToAppError(e: ZodError): AppError {
  const issues = e.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : "Invalid input.";
  return new AppError("INVALID_INPUT", message, { issues });
}

/** Parse with a zod schema, throwing an INVALID_INPUT AppError naming the bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw zodToAppError(parsed.error);
  return parsed.data;
}

export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError("INVALID_INPUT", "The request body must be valid JSON.");
  }
}

type THandler<C> = (req: Request, ctx: C) => Promise<NextResponse | Response>;

/** Wrap a route handler so every thrown error becomes the right response. */
export function route<C>(handler: THandler<C>): THandler<C> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (e) {
      return errorResponse(e, { method: req.method, url: req.url });
    }
  };
}

export { AppError };
