-- 028_user_two_factor.sql: two-step verification required of one user
-- (issue 15, seed 003), besides its organization's and its groups'
-- requirements. The same SQL on both backends.
ALTER TABLE users ADD COLUMN require_two_factor INTEGER NOT NULL DEFAULT 0;
