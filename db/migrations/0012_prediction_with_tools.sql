ALTER TABLE "model_stream_verdicts" ALTER COLUMN "verdict" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "model_stream_verdicts" ALTER COLUMN "deltas" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "model_stream_verdicts" ALTER COLUMN "bytes" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "model_stream_verdicts" ADD COLUMN "prediction_with_tools_refused" boolean DEFAULT false NOT NULL;