-- 022_search.postgres.sql: the users' search document and its index (issue 17).
-- users.search_text is written by the store on every write that changes
-- what it holds (store/search.c), the same text as on SQLite. Here a GIN
-- trigram index (pg_trgm) serves LIKE '%term%' on it. The extension needs
-- a role that may create it (a superuser, or the database's owner where
-- pg_trgm is trusted, PostgreSQL 13 and later); otherwise an administrator
-- runs CREATE EXTENSION pg_trgm once before the first start (README).
-- user_search(q) is what the store's queries read, as on SQLite (where it
-- is the FTS5 table, called in its table-valued form): q is an FTS5 query
-- of quoted phrases ("jansen" "piet" ...), every one a substring of the
-- document; here the first phrase is looked up through the index, and the
-- store's query checks every term on what comes back. The function is
-- inlined into the query (LANGUAGE sql, STABLE), so the index serves it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX users_search ON users USING gin (search_text gin_trgm_ops);
CREATE FUNCTION user_search(q TEXT) RETURNS TABLE (id TEXT) LANGUAGE sql STABLE AS $$
    SELECT u.id FROM users u WHERE u.search_text LIKE '%' || replace(replace(replace(replace(
        (regexp_match(q, '^"((?:[^"]|"")*)"'))[1], '""', '"'), '\', '\\'), '%', '\%'),
        '_', '\_') || '%'
$$;

-- The address book's people, the same way: contacts.search_text (the name,
-- emails, phone numbers and employer) and its index.
ALTER TABLE contacts ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX contacts_search ON contacts USING gin (search_text gin_trgm_ops);
CREATE FUNCTION contact_search(q TEXT) RETURNS TABLE (id TEXT) LANGUAGE sql STABLE AS $$
    SELECT c.id FROM contacts c WHERE c.search_text LIKE '%' || replace(replace(replace(replace(
        (regexp_match(q, '^"((?:[^"]|"")*)"'))[1], '""', '"'), '\', '\\'), '%', '\%'),
        '_', '\_') || '%'
$$;

-- The address book's companies: companies.search_text (the name, email and
-- its domain, web site) and its index.
ALTER TABLE companies ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX companies_search ON companies USING gin (search_text gin_trgm_ops);
CREATE FUNCTION company_search(q TEXT) RETURNS TABLE (id TEXT) LANGUAGE sql STABLE AS $$
    SELECT c.id FROM companies c WHERE c.search_text LIKE '%' || replace(replace(replace(replace(
        (regexp_match(q, '^"((?:[^"]|"")*)"'))[1], '""', '"'), '\', '\\'), '%', '\%'),
        '_', '\_') || '%'
$$;

-- Organizations, for the switcher: orgs.search_text (the name) and its
-- index; a search is scoped by the tree path, so no token.
ALTER TABLE orgs ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX orgs_search ON orgs USING gin (search_text gin_trgm_ops);
CREATE FUNCTION org_search(q TEXT) RETURNS TABLE (id TEXT) LANGUAGE sql STABLE AS $$
    SELECT o.id FROM orgs o WHERE o.search_text LIKE '%' || replace(replace(replace(replace(
        (regexp_match(q, '^"((?:[^"]|"")*)"'))[1], '""', '"'), '\', '\\'), '%', '\%'),
        '_', '\_') || '%'
$$;

-- The tables SQLite's long writes note index changes in (see
-- 022_search.sqlite.sql); PostgreSQL's indexes need no deferring, so they
-- stay empty here, and exist so that a copy between the two finds them.
CREATE TABLE search_defer (since BIGINT NOT NULL);
CREATE TABLE search_pending (
    tbl TEXT NOT NULL, row BIGINT NOT NULL,
    old_id TEXT, old_text TEXT,
    PRIMARY KEY (tbl, row)
);
