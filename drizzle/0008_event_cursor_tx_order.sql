ALTER TABLE "event_cursors" ADD COLUMN "last_tx_id" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "domain_events_tx_order_idx" ON "domain_events" USING btree ("tx_id","id");