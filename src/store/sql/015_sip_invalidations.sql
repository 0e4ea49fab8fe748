-- 015_sip_invalidations.sql: the outbox of what Kamailio must forget (issue
-- 13). A change that must end a SIP identity's registrations or drop its
-- cached credentials (an account disabled, deleted or given a new secret;
-- its user suspended, deleted or restored; a new realm) writes one row per
-- Kamailio JSON-RPC URL (serve --sip-rpc) in its own transaction. The
-- worker of any node delivers a row to its URL (htable.delete sbcred and
-- sbfresh, ul.rm location), marks it delivered and due again 2.5 s later,
-- and deletes it after that second delivery (which drops what a lookup
-- that was in flight at the commit stored after the first). A row names
-- the username only: no secret, no HA1.
--
-- One row per (url, username): a second change while one is pending makes
-- it due again (and not delivered) and bumps gen, so a worker that delivered the older one
-- deletes it only while gen is the one it took (else it is delivered
-- again). A claim moves next_attempt_at a lease ahead; a failed attempt
-- keeps its error in last_error and waits (attempts counts them).
-- queued_at: the latest change, from which a row is given up. The same SQL
-- on both backends.
CREATE TABLE sip_invalidations (
    url             TEXT NOT NULL,
    username        TEXT NOT NULL,
    cause           TEXT NOT NULL,
    gen             BIGINT NOT NULL DEFAULT 1,
    attempts        INTEGER NOT NULL DEFAULT 0,
    delivered       INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    queued_at       BIGINT NOT NULL,
    PRIMARY KEY (url, username)
);
CREATE INDEX sip_invalidations_due ON sip_invalidations(url, next_attempt_at);
