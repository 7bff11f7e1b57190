CREATE TYPE "public"."tool_stream_verdict" AS ENUM('progressive', 'buffered');--> statement-breakpoint
CREATE TABLE "model_stream_verdicts" (
	"model" text PRIMARY KEY NOT NULL,
	"verdict" "tool_stream_verdict" NOT NULL,
	"deltas" integer NOT NULL,
	"bytes" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
