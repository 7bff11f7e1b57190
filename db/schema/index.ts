export * from "./auth";
export * from "./files";
export * from "./invitations";
export * from "./model-streams";
export * from "./projects";
export * from "./sessions";
export * from "./workspaces";
export * from "./shares";
