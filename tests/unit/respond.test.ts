import { describe, it, expect } from "vitest";
import { z } from "zod";
import { route, parseInput, errorResponse } from "@/lib/http/respond";
import { AppError } from "@/lib/errors/app-error";

describe("route error mapping", () => {
  it("maps AppError codes to their HTTP status with the message", async () => {
    const handler = route(async () => {
      throw new AppError("CONFLICT", "Already there.");
    });
    const res = await handler(new Request("http://x/"), {});
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "CONFLICT", message: "Already there." } });
  });

  it("turns invalid input into a 400 naming the field", async () => {
    const handler = route(async () => {
      parseInput(z.object({ email: z.string().email("Enter a valid email address.") }), { email: "nope" });
      return new Response("unreachable");
    });
    const res = await handler(new Request("http://x/"), {});
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toBe("email: Enter a valid email address.");
  });

  it("hides unknown errors behind a generic 500", async () => {
    const res = errorResponse(new Error("secret detail"));
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain("secret detail");
  });
});
