ALTER TABLE "projects" ADD COLUMN "files_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The fingerprint's trigger function (0016) now also counts every statement that writes a project's
-- files in projects.files_version, content saves included: a chat turn holding the files it asks for
-- at that version reads none of them. Still one UPDATE per statement and project.
CREATE OR REPLACE FUNCTION "files_tree_fingerprint"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "projects" p SET "tree_count" = p."tree_count" + d.n, "tree_hash" = p."tree_hash" + d.h, "files_version" = p."files_version" + 1
    FROM (SELECT project_id, count(*)::int AS n, sum(hashtextextended(kind::text || '/' || path, 0)) AS h FROM new_rows GROUP BY project_id) d
    WHERE p.id = d.project_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "projects" p SET "tree_count" = p."tree_count" - d.n, "tree_hash" = p."tree_hash" - d.h, "files_version" = p."files_version" + 1
    FROM (SELECT project_id, count(*)::int AS n, sum(hashtextextended(kind::text || '/' || path, 0)) AS h FROM old_rows GROUP BY project_id) d
    WHERE p.id = d.project_id;
  ELSE
    UPDATE "projects" p SET "tree_count" = p."tree_count" + d.n, "tree_hash" = p."tree_hash" + d.h, "files_version" = p."files_version" + 1
    FROM (
      SELECT c.project_id, sum(c.n)::int AS n, sum(c.h) AS h FROM (
        SELECT project_id, 1 AS n, hashtextextended(kind::text || '/' || path, 0)::numeric AS h FROM new_rows
        UNION ALL
        SELECT project_id, -1, -hashtextextended(kind::text || '/' || path, 0)::numeric FROM old_rows
      ) c GROUP BY c.project_id
    ) d
    WHERE p.id = d.project_id;
  END IF;
  RETURN NULL;
END $$;
