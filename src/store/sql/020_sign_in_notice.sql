-- 020_sign_in_notice.sql: why a user's sessions were ended, told at its
-- next sign-in and then cleared ("rights_changed": its groups, or a group's
-- rights, changed). The same SQL on both backends.
ALTER TABLE users ADD COLUMN sign_in_notice TEXT;
