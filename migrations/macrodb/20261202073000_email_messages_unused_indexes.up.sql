-- email_db_client ingest (docs/performance.md, email): two indexes of email_messages
-- that no query reads (every query gives a thread id alone, or a link id with
-- another column) and that cost each ingested message one more index insert;
-- the 74 MB (link_id, thread_id, internal_date_ts) one at a random leaf page.

-- DropIndex
DROP INDEX "email_messages_link_id_replying_to_id_idx";

-- DropIndex
DROP INDEX "email_messages_link_id_thread_id_internal_date_ts_idx";

