-- 019_sip_accounts_user.sql: a user's SIP accounts by the user alone. The
-- route lookup reads them (and their caller IDs) twice for every call, by
-- user_id; the index that had user_id began with org_id, so those reads
-- scanned every account of the platform (make bench, issue 13). The same
-- SQL on both backends.
CREATE INDEX sip_accounts_by_user ON sip_accounts(user_id);
