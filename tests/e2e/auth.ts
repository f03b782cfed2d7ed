// Signing in over HTTP through next-auth's credentials endpoint (for API tests),
// and through the login form (for browser tests).
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E } from "./config";

export async function apiLogin(request: APIRequestContext, email: string, password: string = E2E.password): Promise<void> {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email, password, json: "true", callbackUrl: E2E.baseUrl },
  });
  expect(res.status(), `login as ${email}`).toBeLessThan(400);
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(email);
}

export async function uiLogin(page: Page, email: string, password: string = E2E.password): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}
