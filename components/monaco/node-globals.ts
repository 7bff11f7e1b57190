/**
 * The Node.js globals that Node starters use (src/index.ts reads `process.argv`), declared for
 * Monaco's TypeScript worker. Project files are edited without their node_modules, so @types/node
 * is not there; this covers what a script commonly touches, offline, without shipping all of it.
 */
export const NODE_GLOBALS_PATH = "file:///node_modules/@types/wafer-node-globals/index.d.ts";

export const NODE_GLOBALS_DTS = `
declare namespace NodeJS {
  interface WriteStream {
    write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
    readonly isTTY?: boolean;
    readonly columns?: number;
  }
  interface ReadStream {
    setEncoding(encoding: string): this;
    on(event: string, listener: (...args: any[]) => void): this;
    readonly isTTY?: boolean;
    [Symbol.asyncIterator](): AsyncIterableIterator<string | Uint8Array>;
  }
  interface ProcessEnv {
    [key: string]: string | undefined;
  }
  interface Process {
    argv: string[];
    argv0: string;
    execArgv: string[];
    execPath: string;
    env: ProcessEnv;
    exitCode?: number | string | undefined;
    readonly pid: number;
    readonly platform: string;
    readonly arch: string;
    readonly version: string;
    readonly versions: Record<string, string | undefined>;
    readonly stdout: WriteStream;
    readonly stderr: WriteStream;
    readonly stdin: ReadStream;
    cwd(): string;
    chdir(directory: string): void;
    exit(code?: number | string): never;
    uptime(): number;
    hrtime: { (time?: [number, number]): [number, number]; bigint(): bigint };
    memoryUsage(): { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
    nextTick(callback: (...args: any[]) => void, ...args: any[]): void;
    on(event: string, listener: (...args: any[]) => void): this;
    once(event: string, listener: (...args: any[]) => void): this;
    off(event: string, listener: (...args: any[]) => void): this;
    emitWarning(warning: string | Error): void;
  }
}
declare var process: NodeJS.Process;
`;
