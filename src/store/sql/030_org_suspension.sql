-- 030_org_suspension.sql: a customer organization suspended by its partner
-- (or the platform): when, or NULL while it is active. While it is set
-- nobody of it signs in, its API tokens (SCIM's too) are refused and its
-- phones neither register nor call; its partner still manages it. The same
-- SQL on both backends.
ALTER TABLE orgs ADD COLUMN suspended_at BIGINT;
