CREATE TYPE "public"."key_source" AS ENUM('wafer', 'workspace');--> statement-breakpoint
CREATE TYPE "public"."model_call_kind" AS ENUM('chat_step', 'inline_edit', 'completion');--> statement-breakpoint
CREATE TYPE "public"."model_call_status" AS ENUM('complete', 'stopped', 'failed');--> statement-breakpoint
CREATE TABLE "model_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" uuid,
	"session_id" uuid,
	"kind" "model_call_kind" NOT NULL,
	"model" text NOT NULL,
	"key_source" "key_source" NOT NULL,
	"status" "model_call_status" NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"cached_tokens" integer,
	"reasoning_tokens" integer,
	"accepted_prediction_tokens" integer,
	"rejected_prediction_tokens" integer,
	"ttft_ms" integer,
	"tokens_per_second" integer,
	"reserved" integer NOT NULL,
	"settled" integer NOT NULL,
	"cost_usd" double precision NOT NULL,
	"energy_wh_low" double precision NOT NULL,
	"energy_wh_high" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_quotas" (
	"workspace_id" uuid NOT NULL,
	"key_source" "key_source" NOT NULL,
	"remaining_tokens_minute" bigint,
	"remaining_requests_day" bigint,
	"tokens_reset_at" timestamp with time zone,
	"requests_reset_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_quotas_workspace_id_key_source_pk" PRIMARY KEY("workspace_id","key_source")
);
--> statement-breakpoint
CREATE TABLE "token_budgets" (
	"workspace_id" uuid NOT NULL,
	"month" date NOT NULL,
	"used" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "token_budgets_workspace_id_month_pk" PRIMARY KEY("workspace_id","month")
);
--> statement-breakpoint
ALTER TABLE "model_calls" ADD CONSTRAINT "model_calls_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_calls" ADD CONSTRAINT "model_calls_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_calls" ADD CONSTRAINT "model_calls_session_id_coding_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."coding_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_quotas" ADD CONSTRAINT "provider_quotas_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token_budgets" ADD CONSTRAINT "token_budgets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_calls_workspace_time_idx" ON "model_calls" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "model_calls_session_idx" ON "model_calls" USING btree ("session_id");