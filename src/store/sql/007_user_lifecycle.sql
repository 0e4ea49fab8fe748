-- 007_user_lifecycle.sql: deleted users are kept, restorable, until their
-- organization's retention period has passed; then they are purged.
ALTER TABLE users ADD COLUMN deleted_at BIGINT;
ALTER TABLE users ADD COLUMN purge_after BIGINT;
CREATE INDEX users_purge ON users(status, purge_after);
