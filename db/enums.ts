/**
 * Every enum's single source. db/schema turns these into pgEnums; lib/ turns them into zod enums and
 * TS types. Kept free of drizzle so client code can import them.
 */
export const workspaceRoles = ["owner", "admin", "member", "viewer"] as const;
export type WorkspaceRole = (typeof workspaceRoles)[number];

export const plans = ["free", "pro", "team"] as const;
export type Plan = (typeof plans)[number];

export const fileKinds = ["file", "folder"] as const;
export type FileKind = (typeof fileKinds)[number];

/** What a new project can start from (the create dialog's choices). */
export const projectStarters = ["blank", "typescript", "react", "python"] as const;
export type ProjectStarter = (typeof projectStarters)[number];
/** Where a project came from, as stored and labelled: a starter, or an imported .zip. */
export const projectOrigins = [...projectStarters, "imported"] as const;
export type ProjectOrigin = (typeof projectOrigins)[number];

export const messageRoles = ["user", "assistant"] as const;
export type MessageRole = (typeof messageRoles)[number];

export const messageStatuses = ["complete", "stopped", "failed"] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/** How a model's server was seen to deliver tool-call arguments (lib/ai/tool-arrival.ts decides). */
export const toolStreamVerdicts = ["progressive", "buffered"] as const;
export type ToolStreamVerdict = (typeof toolStreamVerdicts)[number];

/** Editor keybinding modes (user settings); "vim" loads monaco-vim on demand. */
export const keybindingModes = ["default", "vim"] as const;
export type KeybindingMode = (typeof keybindingModes)[number];

/** What a ledger row's model call was for. */
export const modelCallKinds = ["chat_step", "inline_edit", "completion"] as const;
export type ModelCallKind = (typeof modelCallKinds)[number];

/** Whose provider key paid for a model call: Wafer's (counted against the budget) or the workspace's own. */
export const keySources = ["wafer", "workspace"] as const;
export type KeySource = (typeof keySources)[number];

/** How a model call ended: with its answer, stopped by the user, or failed. */
export const modelCallStatuses = ["complete", "stopped", "failed"] as const;
export type ModelCallStatus = (typeof modelCallStatuses)[number];
