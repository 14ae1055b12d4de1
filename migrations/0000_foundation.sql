CREATE SEQUENCE "public"."declaration_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"last_hash" text NOT NULL,
	"entries" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"correlation_id" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"principal" text NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_principal_key_pk" PRIMARY KEY("principal","key")
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"ip" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"enterprise_id" uuid,
	"role" text,
	"type" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "declaration_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"declaration_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"commodity_code" text,
	"goods_name" text,
	"declaration_elements" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"wet_tonnes" numeric(14, 3),
	"moisture_pct" numeric(5, 2),
	"dry_tonnes" numeric(14, 3),
	"unit_price" numeric(14, 4),
	"value" numeric(18, 2),
	"customs_value_cny" numeric(18, 2),
	"duty_rate" numeric(7, 4),
	"vat_rate" numeric(7, 4),
	"duty_cny" numeric(18, 2),
	"vat_cny" numeric(18, 2),
	CONSTRAINT "declaration_items_line" UNIQUE("declaration_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text,
	"mode" text DEFAULT 'REGULAR' NOT NULL,
	"is_advance" boolean DEFAULT false NOT NULL,
	"state" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"importer_id" uuid NOT NULL,
	"declarant_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"port_code" text,
	"transport_mode_code" text,
	"train_number" text,
	"wagon_numbers" text[] DEFAULT '{}'::text[] NOT NULL,
	"truck_plates" text[] DEFAULT '{}'::text[] NOT NULL,
	"arrival_date" date,
	"contract_number" text,
	"invoice_number" text,
	"incoterm" text,
	"currency_code" text,
	"freight" numeric(18, 2),
	"insurance" numeric(18, 2),
	"origin_country_code" text,
	"departure_country_code" text,
	"overseas_shipper_id" uuid,
	"exchange_rate" numeric(14, 6),
	"customs_value_cny" numeric(18, 2),
	"duty_cny" numeric(18, 2),
	"vat_cny" numeric(18, 2),
	"total_wet_tonnes" numeric(16, 3),
	"total_dry_tonnes" numeric(16, 3),
	"lane" text,
	"inspection_outcome" text,
	"rejection_reason" text,
	"withdrawal_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"lane_assigned_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"cleared_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "declarations_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "inspection_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"declaration_id" uuid NOT NULL,
	"state" text NOT NULL,
	"assigned_to" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "inspection_tasks_declaration_id_unique" UNIQUE("declaration_id")
);
--> statement-breakpoint
CREATE TABLE "on_site_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"seal_intact" boolean NOT NULL,
	"dose_rate_usv_h" numeric(10, 4) NOT NULL,
	"dose_rate_threshold_usv_h" numeric(10, 4) NOT NULL,
	"solid_waste_suspected" boolean NOT NULL,
	"foreign_matter_found" boolean NOT NULL,
	"weighed_tonnes" numeric(14, 3) NOT NULL,
	"mass_deviation_pct" numeric(8, 3) NOT NULL,
	"outcome" text NOT NULL,
	"findings" text[] NOT NULL,
	"remarks" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "on_site_checks_task_id_unique" UNIQUE("task_id")
);
--> statement-breakpoint
CREATE TABLE "commodities" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"category_code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"duty_rate" numeric(7, 4) NOT NULL,
	"vat_rate" numeric(7, 4) NOT NULL,
	"supervision_conditions" text NOT NULL,
	"inspection_code" text NOT NULL,
	"declaration_elements" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "commodities_code_valid_from" UNIQUE("code","valid_from")
);
--> statement-breakpoint
CREATE TABLE "commodity_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"supervision_regime_zh" text NOT NULL,
	"supervision_regime_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "countries" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "currencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_rates" (
	"currency_code" text NOT NULL,
	"month" text NOT NULL,
	"cny_per_unit" numeric(14, 6) NOT NULL,
	CONSTRAINT "exchange_rates_currency_code_month_pk" PRIMARY KEY("currency_code","month")
);
--> statement-breakpoint
CREATE TABLE "ports" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"customs_office_code" text NOT NULL,
	"transport_mode_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transport_modes" (
	"code" text PRIMARY KEY NOT NULL,
	"customs_code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"uscc_code" text NOT NULL,
	"customs_code" text NOT NULL,
	"kind" text NOT NULL,
	"credit_class" text NOT NULL,
	"address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enterprises_uscc_code_unique" UNIQUE("uscc_code"),
	CONSTRAINT "enterprises_customs_code_unique" UNIQUE("customs_code")
);
--> statement-breakpoint
CREATE TABLE "entrustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"importer_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "overseas_shippers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"country_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"enterprise_id" uuid,
	"roles" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "lane_rates" (
	"category_code" text NOT NULL,
	"credit_class" text NOT NULL,
	"inspection_rate" numeric(6, 4) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "lane_rates_category_code_credit_class_pk" PRIMARY KEY("category_code","credit_class")
);
--> statement-breakpoint
CREATE TABLE "risk_decisions" (
	"declaration_id" uuid PRIMARY KEY NOT NULL,
	"lane" text NOT NULL,
	"engine" text NOT NULL,
	"random_draw" numeric(10, 9) NOT NULL,
	"reasons" jsonb NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "watch_list" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "declaration_items" ADD CONSTRAINT "declaration_items_declaration_id_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."declarations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commodities" ADD CONSTRAINT "commodities_category_code_commodity_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."commodity_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_rates" ADD CONSTRAINT "exchange_rates_currency_code_currencies_code_fk" FOREIGN KEY ("currency_code") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ports" ADD CONSTRAINT "ports_transport_mode_code_transport_modes_code_fk" FOREIGN KEY ("transport_mode_code") REFERENCES "public"."transport_modes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entrustments" ADD CONSTRAINT "entrustments_importer_id_enterprises_id_fk" FOREIGN KEY ("importer_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entrustments" ADD CONSTRAINT "entrustments_agency_id_enterprises_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","id");--> statement-breakpoint
CREATE INDEX "login_attempts_username_idx" ON "login_attempts" USING btree ("username","at");--> statement-breakpoint
CREATE INDEX "notifications_enterprise_idx" ON "notifications" USING btree ("enterprise_id","id");--> statement-breakpoint
CREATE INDEX "notifications_role_idx" ON "notifications" USING btree ("role","id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "declarations_importer_idx" ON "declarations" USING btree ("importer_id","created_at");--> statement-breakpoint
CREATE INDEX "declarations_declarant_idx" ON "declarations" USING btree ("declarant_id","created_at");--> statement-breakpoint
CREATE INDEX "declarations_state_idx" ON "declarations" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "inspection_tasks_state_idx" ON "inspection_tasks" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "entrustments_agency_idx" ON "entrustments" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "entrustments_importer_idx" ON "entrustments" USING btree ("importer_id");