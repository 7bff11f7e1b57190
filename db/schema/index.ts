export * from "./auth";
export * from "./files";
export * from "./projects";
export * from "./sessions";
export * from "./workspaces";
