CREATE TABLE "risk_models" (
	"version" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trained_at" timestamp with time zone,
	"trained_by" uuid NOT NULL,
	"training_rows" integer,
	"positives" integer,
	"metrics" jsonb,
	"features" text[] DEFAULT '{}'::text[] NOT NULL,
	"feature_importances" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model" jsonb,
	"error" text,
	"activated_by" uuid,
	"activated_at" timestamp with time zone,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "risk_models_one_active" ON "risk_models" USING btree ("status") WHERE "risk_models"."status" = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "risk_models_requested_idx" ON "risk_models" USING btree ("requested_at");