"use client";
// A form's submit: busy while it runs, the server's message (or a fallback) as the error.
import { useState } from "react";
import { ApiError } from "./fetch-json";

export function useFormAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Runs `action`; true when it succeeded. */
  async function run(action: () => Promise<void>, fallbackError: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : fallbackError);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
