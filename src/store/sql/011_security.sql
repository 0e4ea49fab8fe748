-- 011_security.sql: fixes of the security review.
--
-- The outbox holds the intent to mail (kind, address, user), and a mail with
-- a sign-in link is built at delivery, its token made then: no usable link
-- rests in the database or a backup. Rows queued by earlier versions carry
-- their whole text; once delivered or given up they keep none.
ALTER TABLE outbox ADD COLUMN user_id TEXT;
UPDATE outbox SET message = '' WHERE status <> 'pending';

-- A SIP domain names one tenant's accounts, so it is unique on the
-- platform. Where organizations shared one, the one that set it up first
-- keeps it; the others fall back to their parent's or their own realm.
UPDATE orgs SET sip_domain = NULL
 WHERE sip_domain IS NOT NULL
   AND EXISTS (SELECT 1 FROM orgs o2
                WHERE o2.sip_domain = orgs.sip_domain
                  AND (o2.created_at < orgs.created_at
                       OR (o2.created_at = orgs.created_at AND o2.id < orgs.id)));
CREATE UNIQUE INDEX orgs_sip_domain ON orgs(sip_domain);
