CREATE SEQUENCE "public"."risk_rule_set_version_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "lane_rate_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"category_code" text NOT NULL,
	"credit_class" text NOT NULL,
	"inspection_rate" numeric(6, 4) NOT NULL,
	"revision" bigint NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_data_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"revision" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_decision_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"declaration_id" uuid NOT NULL,
	"decision" jsonb NOT NULL,
	"superseded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cause" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_list_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list_name" text NOT NULL,
	"value" text NOT NULL,
	"reason" text NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"added_revision" bigint NOT NULL,
	"removed_by" uuid,
	"removed_at" timestamp with time zone,
	"removed_revision" bigint,
	"removal_reason" text
);
--> statement-breakpoint
CREATE TABLE "risk_lists" (
	"name" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"description_zh" text NOT NULL,
	"description_en" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_rule_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"definition" jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"based_on_version" integer,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"reviewer_id" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"row_version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "risk_rule_sets_version_unique" UNIQUE("version")
);
--> statement-breakpoint
CREATE TABLE "cargo_screenings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"declaration_id" uuid,
	"train_number" text,
	"vehicle_kind" text NOT NULL,
	"vehicle_number" text NOT NULL,
	"solid_waste" text NOT NULL,
	"foreign_matter" text NOT NULL,
	"documents_match" text,
	"result" text NOT NULL,
	"remarks" text DEFAULT '' NOT NULL,
	"screened_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "radiation_screenings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"declaration_id" uuid,
	"train_number" text,
	"vehicle_kind" text NOT NULL,
	"vehicle_number" text NOT NULL,
	"dose_rate_usv_h" numeric(10, 4) NOT NULL,
	"background_usv_h" numeric(10, 4) NOT NULL,
	"alarm_threshold_usv_h" numeric(10, 4) NOT NULL,
	"result" text NOT NULL,
	"remarks" text DEFAULT '' NOT NULL,
	"screened_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD COLUMN "rule_set_version" integer;--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD COLUMN "data_revision" bigint;--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD COLUMN "model_version" text;--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD COLUMN "checks" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD COLUMN "fired_rules" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD COLUMN "score" jsonb;--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD COLUMN "facts" jsonb;--> statement-breakpoint
ALTER TABLE "risk_decisions" ADD COLUMN "details" jsonb;--> statement-breakpoint
ALTER TABLE "risk_list_entries" ADD CONSTRAINT "risk_list_entries_list_name_risk_lists_name_fk" FOREIGN KEY ("list_name") REFERENCES "public"."risk_lists"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lane_rate_changes_key_idx" ON "lane_rate_changes" USING btree ("category_code","credit_class","revision");--> statement-breakpoint
CREATE INDEX "risk_decision_history_declaration_idx" ON "risk_decision_history" USING btree ("declaration_id","id");--> statement-breakpoint
CREATE INDEX "risk_list_entries_list_idx" ON "risk_list_entries" USING btree ("list_name","added_revision");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_list_entries_active_value" ON "risk_list_entries" USING btree ("list_name","value") WHERE "risk_list_entries"."removed_revision" is null;--> statement-breakpoint
CREATE INDEX "risk_rule_sets_status_idx" ON "risk_rule_sets" USING btree ("status","effective_from");--> statement-breakpoint
CREATE INDEX "cargo_screenings_declaration_idx" ON "cargo_screenings" USING btree ("declaration_id");--> statement-breakpoint
CREATE INDEX "cargo_screenings_vehicle_idx" ON "cargo_screenings" USING btree ("vehicle_number","screened_at");--> statement-breakpoint
CREATE INDEX "radiation_screenings_declaration_idx" ON "radiation_screenings" USING btree ("declaration_id");--> statement-breakpoint
CREATE INDEX "radiation_screenings_vehicle_idx" ON "radiation_screenings" USING btree ("vehicle_number","screened_at");--> statement-breakpoint
INSERT INTO "risk_data_head" ("id", "revision") VALUES (1, 1);--> statement-breakpoint
INSERT INTO "lane_rate_changes" ("category_code", "credit_class", "inspection_rate", "revision", "changed_by", "changed_at")
  SELECT "category_code", "credit_class", "inspection_rate", 1, "updated_by", "updated_at" FROM "lane_rates";--> statement-breakpoint
INSERT INTO "risk_lists" ("name", "kind", "description_zh", "description_en")
  VALUES ('watched-enterprises', 'ENTERPRISE', '重点关注企业（逐批查验）', 'Watch-listed enterprises (every lot inspected)');--> statement-breakpoint
INSERT INTO "risk_list_entries" ("list_name", "value", "reason", "added_by", "added_at", "added_revision")
  SELECT 'watched-enterprises', "enterprise_id"::text, "reason", "added_by", "added_at", 1 FROM "watch_list" WHERE "active";
