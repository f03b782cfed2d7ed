"use client";
// Edits the server has not taken: the browser asks before a reload or closing the tab, and
// the console asks before a link inside it (the sidebar, a breadcrumb) leaves the page.
import { useEffect, useRef } from "react";

export function useLeaveGuard(message: string | null) {
  const text = useRef(message);
  text.current = message;
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (text.current) e.preventDefault();
    };
    const onClick = (e: MouseEvent) => {
      if (!text.current) return;
      const a = (e.target as Element | null)?.closest?.("a[href]");
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.getAttribute("target") === "_blank") return;
      const url = new URL((a as HTMLAnchorElement).href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname === window.location.pathname || url.pathname.startsWith("/api/")) return;
      if (!window.confirm(text.current)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", warn);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", onClick, true);
    };
  }, []);
}
