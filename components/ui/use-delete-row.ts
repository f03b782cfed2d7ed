"use client";
// Deleting a row of a list after a confirmation: which row is asked about, the request,
// the toast, and what to do once it is gone (refresh the page, or drop it from local state).
// A refusal stays in the confirmation dialog (`error`), where the user is looking.
import { useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "./fetch-json";

export function useDeleteRow<T extends { id: string; name: string }>(opts: {
  url: (row: T) => string;
  done: (row: T) => string;
  failure: string;
  deleted: (row: T) => void;
}) {
  const [deleting, setDeletingRow] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function setDeleting(row: T | null) {
    setError(null);
    setDeletingRow(row);
  }

  async function remove() {
    if (!deleting) return;
    setBusy(true);
    setError(null);
    try {
      await fetchJson(opts.url(deleting), { method: "DELETE" });
      toast.success(opts.done(deleting));
      opts.deleted(deleting);
      setDeleting(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : opts.failure);
    } finally {
      setBusy(false);
    }
  }

  return { deleting, setDeleting, busy, error, remove };
}
