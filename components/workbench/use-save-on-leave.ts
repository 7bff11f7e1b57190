import { useEffect } from "react";

import type { EditorService } from "@/components/monaco/editor-service";

/**
 * Never lose work: flush pending saves when the page is hidden, and warn before leaving with
 * unsaved changes. Coming back picks up what other tabs and devices saved meanwhile.
 */
export function useSaveOnLeave(service: EditorService, actions: { refreshTree(): Promise<unknown> }): void {
  useEffect(() => {
    let lastRefresh = Date.now();
    const refresh = () => {
      if (Date.now() - lastRefresh < 2000) return;
      lastRefresh = Date.now();
      void actions.refreshTree();
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") void service.saveAll();
      else refresh();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!service.hasUnsavedChanges()) return;
      void service.saveAll();
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [service, actions]);
}
