CREATE TABLE "share_link_viewers" (
	"share_id" uuid NOT NULL,
	"viewer_hash" text NOT NULL,
	"counted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "share_link_viewers_share_id_viewer_hash_pk" PRIMARY KEY("share_id","viewer_hash")
);
--> statement-breakpoint
ALTER TABLE "share_link_viewers" ADD CONSTRAINT "share_link_viewers_share_id_share_links_id_fk" FOREIGN KEY ("share_id") REFERENCES "public"."share_links"("id") ON DELETE cascade ON UPDATE no action;