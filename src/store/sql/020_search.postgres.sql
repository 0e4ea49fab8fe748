-- 020_search.postgres.sql: the users' search document and its index (issue 17).
-- users.search_text is written by the store on every write that changes
-- what it holds (store/search.c), the same text as on SQLite. Here a GIN
-- trigram index (pg_trgm) serves LIKE '%term%' on it. The extension needs
-- a role that may create it (a superuser, or the database's owner where
-- pg_trgm is trusted, PostgreSQL 13 and later); otherwise an administrator
-- runs CREATE EXTENSION pg_trgm once before the first start (README).
-- user_search is the name the store's queries read, as on SQLite (where it
-- is the FTS5 table): here a view of users.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX users_search ON users USING gin (search_text gin_trgm_ops);
CREATE VIEW user_search AS SELECT id, search_text FROM users;
