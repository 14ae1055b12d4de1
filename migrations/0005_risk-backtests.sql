CREATE TABLE "risk_backtests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"rule_set_version" integer NOT NULL,
	"compare_with_version" integer,
	"model_version" text,
	"processed" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error" text,
	"cursor_decided_at" text,
	"cursor_declaration_id" uuid,
	"tallies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"results" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "risk_backtests_created_idx" ON "risk_backtests" USING btree ("created_at");