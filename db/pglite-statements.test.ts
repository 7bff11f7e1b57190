import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { preparedQuery } from "./pglite-statements";

let client: PGlite;
let query: PGlite["query"];

/** The statements this session holds, by text. */
const named = async () =>
  (await client.exec("select statement from pg_prepared_statements where name like 'wafer_%' order by statement"))[0]!.rows.map((r) => (r as { statement: string }).statement);

beforeAll(async () => {
  client = new PGlite();
  query = preparedQuery(client, { max: 3 });
  await client.exec("create table t (id int primary key, doc jsonb, at timestamptz, tags text[])");
});

afterAll(async () => {
  await client.close();
});

describe("PGlite queries as named statements", () => {
  it("returns what PGlite's own query returns, parameters serialised by the inferred type", async () => {
    const text = "insert into t (id, doc, at, tags) values ($1, $2, $3, $4) returning id, doc, at, tags";
    const params = [1, { a: [1, "x"] }, new Date("2026-01-02T03:04:05Z"), ["p", "q"]];
    const mine = await query(text, params, { rowMode: "array" });
    const theirs = await client.query("select id, doc, at, tags from t where id = $1", [1], { rowMode: "array" });
    expect(mine.rows).toEqual(theirs.rows);
    expect(mine.rows).toEqual([[1, { a: [1, "x"] }, new Date("2026-01-02T03:04:05Z"), ["p", "q"]]]);
    expect(mine.fields.map((f) => f.name)).toEqual(["id", "doc", "at", "tags"]);
    expect(mine.affectedRows).toBe(1);
    expect((await query<{ n: null }>("select $1::text as n", [null])).rows).toEqual([{ n: null }]);
  });

  it("parses a text once and binds it again on later calls", async () => {
    const text = "select count(*)::int as n from t where id >= $1";
    const before = await named();
    expect((await query<{ n: number }>(text, [0])).rows[0]!.n).toBe(1);
    const after = await named();
    expect(after.length).toBe(Math.min(3, before.length + 1));
    expect((await query<{ n: number }>(text, [2])).rows[0]!.n).toBe(0);
    expect(await named()).toEqual(after);
  });

  it("keeps at most `max` statements, closing the least recently used", async () => {
    for (let i = 0; i < 5; i++) await query(`select ${i} + $1::int as v`, [1]);
    expect(await named()).toEqual(["select 2 + $1::int as v", "select 3 + $1::int as v", "select 4 + $1::int as v"]);
    // Using one moves it to the back: the next new text evicts the oldest other one.
    expect((await query<{ v: number }>("select 2 + $1::int as v", [1])).rows).toEqual([{ v: 3 }]);
    await query("select 5 + $1::int as v", [1]);
    expect(await named()).toEqual(["select 2 + $1::int as v", "select 4 + $1::int as v", "select 5 + $1::int as v"]);
    // An evicted text is parsed again and answers as before.
    expect((await query<{ v: number }>("select 0 + $1::int as v", [1])).rows).toEqual([{ v: 1 }]);
  });

  it("reports a failed statement with its code and query, and the connection stays usable", async () => {
    const text = "insert into t (id) values ($1)";
    await query(text, [2]);
    const error = await query(text, [2]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "23505", query: text, params: [2] });
    expect((await query<{ n: number }>("select count(*)::int as n from t where id = $1", [2])).rows).toEqual([{ n: 1 }]);
    await expect(query("select from nowhere where x = $1", [1])).rejects.toMatchObject({ code: "42P01" });
  });

  it("never runs inside another caller's open transaction", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = client.transaction(async (t) => {
      await t.query("insert into t (id) values (10)");
      await held;
      await t.rollback();
    });
    await new Promise((r) => setTimeout(r, 10));
    const read = query<{ n: number }>("select count(*)::int as n from t where id = $1", [10]);
    release();
    await tx;
    // Had it run inside the transaction it would have seen the row the rollback took back.
    expect((await read).rows).toEqual([{ n: 0 }]);
  });

  it("parses a statement afresh after DDL changed its result type", async () => {
    const text = "select * from t where id = $1";
    expect((await query(text, [1])).fields).toHaveLength(4);
    await client.exec("alter table t add column extra int");
    await expect(query(text, [1])).rejects.toMatchObject({ code: "0A000" });
    expect((await query(text, [1])).fields).toHaveLength(5);
  });
});
