CREATE TYPE "public"."keybinding_mode" AS ENUM('default', 'vim');--> statement-breakpoint
CREATE TABLE "user_settings" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"font_size" integer NOT NULL,
	"tab_size" integer NOT NULL,
	"word_wrap" boolean NOT NULL,
	"minimap" boolean NOT NULL,
	"keybindings" "keybinding_mode" NOT NULL,
	"auto_apply" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_settings_font_size" CHECK ("user_settings"."font_size" between 10 and 24),
	CONSTRAINT "user_settings_tab_size" CHECK ("user_settings"."tab_size" between 1 and 8)
);
--> statement-breakpoint
ALTER TABLE "user_settings" ADD CONSTRAINT "user_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;