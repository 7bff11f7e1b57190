"use client";

import { createContext, useContext } from "react";
import { useStore } from "zustand";

import type { WorkspaceChoice } from "@/lib/workspaces/contract";
import type { WorkspaceRole } from "@/lib/workspaces/roles";

import type { FilesApi } from "./files-api";
import type { ProjectState, ProjectStore } from "./project-store";
import type { WorkbenchActions } from "./workbench-actions";

export interface WorkbenchProject {
  id: string;
  name: string;
  workspaceName: string;
  role: WorkspaceRole;
  canWrite: boolean;
  /** For the top bar's workspace switcher. */
  workspaces?: { current: WorkspaceChoice; all: WorkspaceChoice[] };
}

export interface WorkbenchContextValue {
  project: WorkbenchProject;
  api: FilesApi;
  store: ProjectStore;
  actions: WorkbenchActions;
}

export const WorkbenchContext = createContext<WorkbenchContextValue | null>(null);

export function useWorkbench(): WorkbenchContextValue {
  const value = useContext(WorkbenchContext);
  if (!value) throw new Error("useWorkbench must be used inside <Workbench>.");
  return value;
}

export function useProjectState<T>(selector: (state: ProjectState) => T): T {
  return useStore(useWorkbench().store, selector);
}
