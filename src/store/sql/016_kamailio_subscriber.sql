-- 016_kamailio_subscriber.sql: the SIP identities that may authenticate,
-- shaped as the subscriber table of Kamailio's auth_db module, for an
-- operator who lets Kamailio read the database instead of asking the API
-- (docs/kamailio.md). The rule is sip_credentials_lookup's: an enabled account
-- (or alias) whose user is active or invited. domain is the realm the HA1
-- was computed in; password is empty (auth_db with calculate_ha1 = 0 and
-- password_column = ha1); ha1b, md5(username@domain:realm:secret), cannot
-- be made without the secret, which only the key file opens, so it is
-- empty too. The same SQL on both backends.
CREATE VIEW kamailio_subscriber AS
SELECT s.id AS id,
       s.username AS username,
       s.realm AS domain,
       '' AS password,
       s.ha1 AS ha1,
       '' AS ha1b
  FROM sip_accounts s
  JOIN users u ON u.id = s.user_id
 WHERE s.enabled = 1
   AND u.status IN ('active', 'invited');
