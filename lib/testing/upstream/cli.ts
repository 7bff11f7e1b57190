import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

import { startUpstreamServer } from "./node";
import { ScriptSchema } from "./schema";

const USAGE = "usage: npm run upstream -- [--port 4010] [--host 127.0.0.1] [--rate 2000] [--script file.json] [--models id1,id2]";

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number\n${USAGE}`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      rate: { type: "string" },
      script: { type: "string" },
      models: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const defaultScript = values.script ? ScriptSchema.parse(JSON.parse(readFileSync(values.script, "utf8"))) : undefined;
  const server = await startUpstreamServer({
    port: numberOption("port", values.port),
    host: values.host,
    defaultRate: numberOption("rate", values.rate),
    defaultScript,
    ...(values.models ? { models: values.models.split(",").map((id) => ({ id: id.trim(), owned_by: "scripted" })) } : {}),
  });
  console.log(`upstream: listening on ${server.url} (baseURL ${server.baseURL})`);
  const shutdown = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
