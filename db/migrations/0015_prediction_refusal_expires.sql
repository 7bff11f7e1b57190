ALTER TABLE "model_stream_verdicts" ADD COLUMN "prediction_with_tools_refused_at" timestamp with time zone;--> statement-breakpoint
-- A refusal already stored keeps counting from its row's last change.
UPDATE "model_stream_verdicts" SET "prediction_with_tools_refused_at" = "updated_at" WHERE "prediction_with_tools_refused";--> statement-breakpoint
ALTER TABLE "model_stream_verdicts" DROP COLUMN "prediction_with_tools_refused";
