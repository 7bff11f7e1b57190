import { parse, protocol, type PGlite, type QueryOptions, type Results } from "@electric-sql/pglite";

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * PGlite's `query` parses, analyses and plans its text on every call (an unnamed statement), and in
 * WASM on the app's own event loop that is most of a large statement's cost: the chat turn's one read
 * took 3–7 ms that way and 0.5 ms as a prepared statement. This `query` keeps a named statement per
 * distinct text, as postgres.js does on a server, and sends bind/execute in one protocol call.
 * Statements inside `transaction()` and queries with options this does not handle go through PGlite's own path.
 */
export function preparedQuery(client: PGlite, { max = 200 }: { max?: number } = {}): PGlite["query"] {
  const plain = client.query.bind(client);
  // Insertion order is recency (a hit is moved to the end), so the first key is the one to evict.
  const statements = new Map<string, { name: string; paramTypes: number[] }>();
  let counter = 0;

  const forget = async (text: string) => {
    const entry = statements.get(text);
    if (!entry) return;
    statements.delete(text);
    await client.execProtocolStream(concat([serialize.close({ type: "S", name: entry.name }), serialize.sync()]), { syncToFs: false, throwOnError: false });
  };

  const run = async <T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> => {
    let entry = statements.get(text);
    if (entry) {
      statements.delete(text);
      statements.set(text, entry);
    } else {
      if (statements.size >= max) await forget(statements.keys().next().value!);
      const name = `wafer_${(counter += 1)}`;
      const described = await client.execProtocolStream(concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]), { syncToFs: false });
      entry = { name, paramTypes: parse.parseDescribeStatementResults(described) };
      statements.set(text, entry);
    }
    const { name, paramTypes } = entry;
    // As PGlite's own query serialises parameters: by the type the server inferred for each.
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = options?.serializers?.[paramTypes[i]!] ?? client.serializers[paramTypes[i]!];
      return serializer ? serializer(value) : String(value);
    });
    try {
      const messages = await client.execProtocolStream(
        concat([serialize.bind({ statement: name, values }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]),
        { syncToFs: false },
      );
      await client.syncToFs();
      return parse.parseResults(messages, client.parsers, options)[0] as Results<T>;
    } catch (error) {
      // A statement that DDL invalidated (a changed result type) is parsed afresh next time.
      if ((error as { code?: string }).code === "0A000") await forget(text);
      Object.assign(error as object, { query: text, params, queryOptions: options });
      throw error;
    }
  };

  return (async <T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> => {
    if (options?.blob || options?.paramTypes) return plain<T>(text, params, options);
    await client._checkReady();
    // The same locks as PGlite's query: never inside another caller's open transaction.
    return client._runExclusiveTransaction(() => client._runExclusiveQuery(() => run<T>(text, params, options)));
  }) as PGlite["query"];
}
