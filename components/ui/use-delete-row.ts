"use client";
// Deleting a row of a list after a confirmation: which row is asked about, the request,
// the toast, and what to do once it is gone (refresh the page, or drop it from local state).
import { useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "./fetch-json";

export function useDeleteRow<T extends { id: string; name: string }>(opts: {
  url: (row: T) => string;
  done: (row: T) => string;
  failure: string;
  deleted: (row: T) => void;
}) {
  const [deleting, setDeleting] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove() {
    if (!deleting) return;
    setBusy(true);
    try {
      await fetchJson(opts.url(deleting), { method: "DELETE" });
      toast.success(opts.done(deleting));
      opts.deleted(deleting);
      setDeleting(null);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : opts.failure);
    } finally {
      setBusy(false);
    }
  }

  return { deleting, setDeleting, busy, remove };
}
