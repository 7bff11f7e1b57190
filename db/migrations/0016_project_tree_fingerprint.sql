ALTER TABLE "projects" ADD COLUMN "tree_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "tree_hash" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
-- The project tree's fingerprint (projects.tree_count, tree_hash: the entry count and the sum of
-- 64-bit hashes of kind and path), kept by statement triggers on files so a chat turn reads it
-- instead of hashing every path. One UPDATE per statement and project; none for a write that
-- changes no path or kind (a content save). A transition table exists only for its own events.
CREATE FUNCTION "files_tree_fingerprint"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "projects" p SET "tree_count" = p."tree_count" + d.n, "tree_hash" = p."tree_hash" + d.h
    FROM (SELECT project_id, count(*)::int AS n, sum(hashtextextended(kind::text || '/' || path, 0)) AS h FROM new_rows GROUP BY project_id) d
    WHERE p.id = d.project_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "projects" p SET "tree_count" = p."tree_count" - d.n, "tree_hash" = p."tree_hash" - d.h
    FROM (SELECT project_id, count(*)::int AS n, sum(hashtextextended(kind::text || '/' || path, 0)) AS h FROM old_rows GROUP BY project_id) d
    WHERE p.id = d.project_id;
  ELSE
    UPDATE "projects" p SET "tree_count" = p."tree_count" + d.n, "tree_hash" = p."tree_hash" + d.h
    FROM (
      SELECT c.project_id, sum(c.n)::int AS n, sum(c.h) AS h FROM (
        SELECT project_id, 1 AS n, hashtextextended(kind::text || '/' || path, 0)::numeric AS h FROM new_rows
        UNION ALL
        SELECT project_id, -1, -hashtextextended(kind::text || '/' || path, 0)::numeric FROM old_rows
      ) c GROUP BY c.project_id
    ) d
    WHERE p.id = d.project_id AND (d.n <> 0 OR d.h <> 0);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "files_tree_insert" AFTER INSERT ON "files" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "files_tree_fingerprint"();--> statement-breakpoint
CREATE TRIGGER "files_tree_delete" AFTER DELETE ON "files" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "files_tree_fingerprint"();--> statement-breakpoint
CREATE TRIGGER "files_tree_update" AFTER UPDATE ON "files" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "files_tree_fingerprint"();--> statement-breakpoint
UPDATE "projects" p SET "tree_count" = t.n, "tree_hash" = t.h
FROM (SELECT project_id, count(*)::int AS n, sum(hashtextextended(kind::text || '/' || path, 0)) AS h FROM "files" GROUP BY project_id) t
WHERE p.id = t.project_id;
