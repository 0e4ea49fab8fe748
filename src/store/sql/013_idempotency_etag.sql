-- 013_idempotency_etag.sql: the ETag of a stored answer, so that a create
-- sent again with its Idempotency-Key gets the version header of the first
-- answer too (NULL: the answer had none). The same SQL on both backends.

ALTER TABLE idempotency_keys ADD COLUMN etag TEXT;
