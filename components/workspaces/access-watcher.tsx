"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

import { toast } from "@/components/ui/toast";
import { ACCESS_DENIED_EVENT } from "@/lib/http/client";

/**
 * Roles are read per request on the server; when one comes back 403, the page re-renders from the
 * server with the user's current role (a downgraded member's editor turns read-only).
 */
const watchedSurfaces = new Set(["project", "files", "session", "chat", "zip"]);

export function AccessWatcher() {
  const router = useRouter();
  useEffect(() => {
    let last = 0;
    const onDenied = (event: Event) => {
      // Workspace settings answer 403 for rule violations (e.g. an admin re-roling an owner): not a change.
      const surface = String((event as CustomEvent<string>).detail ?? "").split(":")[1] ?? "";
      if (!watchedSurfaces.has(surface)) return;
      // Several requests can fail together; one refresh is enough.
      if (Date.now() - last < 2000) return;
      last = Date.now();
      toast.warning("Your access to this workspace changed.", { id: "access-changed" });
      router.refresh();
    };
    window.addEventListener(ACCESS_DENIED_EVENT, onDenied);
    return () => window.removeEventListener(ACCESS_DENIED_EVENT, onDenied);
  }, [router]);
  return null;
}
